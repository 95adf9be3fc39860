package drainedapart

import "sync"

// Endpoint's drainDone is made by drain, undrain by pause: one made says nothing
// about the other.
type Endpoint struct {
	mu        sync.Mutex
	drainDone chan struct{}
	undrain   chan struct{}
	notify    chan int
}

func New() *Endpoint {
	return &Endpoint{notify: make(chan int, 1)}
}

func (e *Endpoint) drain() {
	e.mu.Lock()
	e.drainDone = make(chan struct{})
	e.mu.Unlock()
	e.notify <- 1
}

func (e *Endpoint) pause() {
	e.mu.Lock()
	e.undrain = make(chan struct{})
	e.mu.Unlock()
}

func (e *Endpoint) Undrain() {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.undrain != nil {
		close(e.undrain)
	}
}

func (e *Endpoint) Connect() {
	go e.mainLoop()
}

func (e *Endpoint) mainLoop() {
	<-e.notify
	e.mu.Lock()
	drained := e.drainDone != nil
	e.mu.Unlock()
	if drained {
		close(e.drainDone)
		<-e.undrain // want "goroutine blocks forever when `Endpoint.undrain` is still nil: it is made only by `pause`, which may not have run"
	}
}
