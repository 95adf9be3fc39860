package worker

import "testing"

func TestWorker(t *testing.T) {
	w := NewTestWorker(t) // want "`NewTestWorker` starts goroutine `run`, which runs until `Shutdown` stops it"
	w.jobs <- 1
}
