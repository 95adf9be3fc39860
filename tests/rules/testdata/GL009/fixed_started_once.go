package fixedstartedonce

import (
	"sync"
	"time"
)

// Loops started once for the whole process: they are meant to live as long as it.

var (
	flushOnce sync.Once
	pending   = make(chan string, 64)
	registry  struct {
		sync.Mutex
		started bool
		names   []string
	}
	wakeups chan struct{}
)

func flushLoop() {
	for {
		select {
		case name := <-pending:
			_ = name
		case <-time.After(time.Minute):
		}
	}
}

func Enqueue(name string) {
	flushOnce.Do(func() { go flushLoop() })
	pending <- name
}

func Register(name string) {
	registry.Lock()
	defer registry.Unlock()
	registry.names = append(registry.names, name)
	if !registry.started {
		registry.started = true
		go func() {
			for {
				<-time.After(time.Second)
				registry.Lock()
				registry.Unlock()
			}
		}()
	}
}

func ensureWaker() {
	if wakeups != nil {
		return
	}
	wakeups = make(chan struct{})
	go func() {
		for {
			<-wakeups
		}
	}()
}

type sweeper struct{ every time.Duration }

func (s *sweeper) run() {
	for {
		<-time.After(s.every)
	}
}

// The package's one sweeper, started with the first use.
var theSweeper = &sweeper{every: time.Minute}

func StartSweeping() {
	go theSweeper.run()
}
