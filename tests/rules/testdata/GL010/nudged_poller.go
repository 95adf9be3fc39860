package nudgedpoller

import (
	"os"
	"sync"
)

// run: _ = Size("missing.log")

// tail reads one file each time it is kicked, until stop or a read fails.
type tail struct {
	path string
	kick chan struct{}
	quit chan struct{}

	mu   sync.Mutex
	read int64
}

func startTail(path string) *tail {
	t := &tail{path: path, kick: make(chan struct{}, 1), quit: make(chan struct{})}
	go t.loop()
	return t
}

// loop ends when stopped, or when a read fails: kicks only wake it.
func (t *tail) loop() {
	for {
		select {
		case <-t.kick:
		case <-t.quit:
			return
		}
		if err := t.readMore(); err != nil {
			return
		}
	}
}

func (t *tail) readMore() error {
	fi, err := os.Stat(t.path)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if fi != nil {
		t.read = fi.Size()
	}
	return nil
}

// poke tells the tail its file has grown.
func (t *tail) poke() {
	select {
	case t.kick <- struct{}{}:
	default:
	}
}

func (t *tail) size() int64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.read
}

func (t *tail) stop() { close(t.quit) }

// Size reports how much of path a tail has read so far.
func Size(path string) int64 {
	t := startTail(path) // want "`startTail` starts goroutine `loop`, which runs until `stop` stops it; nothing calls `t.stop\\(\\)` here, so it never stops"
	t.poke()
	return t.size()
}
