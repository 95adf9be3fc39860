package deferredstoponly

import "sync"

// run: RunAll(3)

type queue struct {
	reqs chan int
}

func newQueue() *queue {
	return &queue{reqs: make(chan int)}
}

// Start runs the dispatcher now and returns the function that stops it.
func (q *queue) Start() (stop func()) {
	go func() {
		for r := range q.reqs {
			_ = r
		}
	}()
	return func() { close(q.reqs) }
}

// Submit hands one request to the dispatcher.
func (q *queue) Submit(r int) { q.reqs <- r } // want "goroutine blocks forever sending on `q.reqs`: nothing ever receives"

// RunAll never starts the dispatcher: the submitters wait for a reader that
// does not exist.
func RunAll(n int) {
	q := newQueue()
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			q.Submit(i)
		}(i)
	}
}
