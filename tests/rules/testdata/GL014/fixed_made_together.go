package drained

import "sync"

// Endpoint's drainDone and undrain are made together by drain, and nowhere else.
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
	e.undrain = make(chan struct{})
	e.mu.Unlock()
	e.notify <- 1
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

// MADE_TOGETHER: undrain is received from only when drainDone is non-nil, and both
// are made by drain: undrain is never nil there.
func (e *Endpoint) mainLoop() {
	<-e.notify
	e.mu.Lock()
	drained := e.drainDone != nil
	e.mu.Unlock()
	if drained {
		close(e.drainDone)
		<-e.undrain
	}
}
