package transcode

import (
	"errors"
	"sync"
)

// Task is one media file to transcode.
type Task struct {
	Source  string
	Target  string
	Profile string
}

// Encoder does the actual work.
type Encoder interface {
	Encode(t Task) error
}

// ErrClosed is returned by Submit after Close.
var ErrClosed = errors.New("transcode: farm closed")

// Farm runs transcode tasks on a fixed number of workers. Close lets queued
// tasks finish and then stops the workers.
type Farm struct {
	enc Encoder

	mu      sync.Mutex
	cond    *sync.Cond
	queue   []Task
	closed  bool
	idle    int
	done    int
	failed  []error
	workers int
}

// NewFarm starts workers goroutines encoding with enc.
func NewFarm(enc Encoder, workers int) *Farm {
	f := &Farm{enc: enc, workers: workers}
	f.cond = sync.NewCond(&f.mu)
	for i := 0; i < workers; i++ {
		go f.worker()
	}
	return f
}

// Submit queues a task.
func (f *Farm) Submit(t Task) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return ErrClosed
	}
	f.queue = append(f.queue, t)
	f.cond.Signal()
	return nil
}

// Close stops accepting tasks; workers exit once the queue is empty.
func (f *Farm) Close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closed = true
	f.cond.Signal()
}

// Stats reports idle workers, finished tasks and failures so far.
func (f *Farm) Stats() (idle, done, failed int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.idle, f.done, len(f.failed)
}
