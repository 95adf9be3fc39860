// NewTestWorker registers the stop with the test itself: the worker it starts ends
// with the test, though the test never calls Shutdown (CLEANS_UP_ITSELF).
package worker

import "testing"

type Worker struct {
	done chan struct{}
	jobs chan int
}

func NewTestWorker(t *testing.T) *Worker {
	w := &Worker{done: make(chan struct{}), jobs: make(chan int)}
	t.Cleanup(w.Shutdown)
	go w.run()
	return w
}

func (w *Worker) run() {
	for {
		select {
		case <-w.done:
			return
		case j := <-w.jobs:
			_ = j
		}
	}
}

func (w *Worker) Shutdown() { close(w.done) }
