package worker

import "testing"

func TestWorker(t *testing.T) {
	w := NewTestWorker(t)
	w.jobs <- 1
}
