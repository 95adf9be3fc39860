package n1

import "sync"

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
func (q *queue) Submit(r int) { q.reqs <- r }

// RunAll submits from several goroutines. `defer q.Start()()` calls Start
// right here; only the stop function it returns waits for the end.
func RunAll(n int) {
	q := newQueue()
	var wg sync.WaitGroup
	wg.Add(n)
	for i := 0; i < n; i++ {
		go func(i int) {
			defer wg.Done()
			q.Submit(i)
		}(i)
	}
	defer q.Start()()
	wg.Wait()
}
