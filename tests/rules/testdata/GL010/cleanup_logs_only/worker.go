// NewTestWorker registers only a log line with the test: the worker it starts runs
// on after the test, which never calls Shutdown.
package worker

import "testing"

type Worker struct {
	done chan struct{}
	jobs chan int
}

func NewTestWorker(t *testing.T) *Worker {
	w := &Worker{done: make(chan struct{}), jobs: make(chan int)}
	t.Cleanup(func() { t.Log("worker done") })
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
