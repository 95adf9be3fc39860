package spool

import (
	"context"
	"sync"
)

// State is the lifecycle state of a print job.
type State int

// Job states. Done, Canceled and Failed are terminal.
const (
	StateQueued State = iota
	StatePrinting
	StatePaperOut
	StateDone
	StateCanceled
	StateFailed
)

// Terminal reports whether no further transitions can happen.
func (s State) Terminal() bool { return s >= StateDone }

// JobInfo is a snapshot of a job, as reported to callers and callbacks.
type JobInfo struct {
	ID      string
	Printer string
	DocID   string
	Size    int64
	State   State
	Err     error
}

// job is the spooler's record of one submitted document.
type job struct {
	id, printer, docID string
	size               int64

	ctx    context.Context
	cancel context.CancelFunc

	mu    sync.Mutex
	state State
	err   error
}

func newJob(id, printer, docID string, size int64) *job {
	ctx, cancel := context.WithCancel(context.Background())
	return &job{
		id: id, printer: printer, docID: docID, size: size,
		ctx: ctx, cancel: cancel,
	}
}

func (j *job) info() JobInfo {
	j.mu.Lock()
	defer j.mu.Unlock()
	return JobInfo{
		ID: j.id, Printer: j.printer, DocID: j.docID, Size: j.size,
		State: j.state, Err: j.err,
	}
}

// setState records a transition unless j already reached a terminal state.
func (j *job) setState(s State, err error) bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.state.Terminal() {
		return false
	}
	j.state, j.err = s, err
	if s.Terminal() {
		j.cancel()
	}
	return true
}
