package ingest

import (
	"context"
	"errors"
	"sync"
)

// Batch is a chunk of rows to write to local storage.
type Batch struct {
	Table string
	Rows  [][]string
}

// Writer persists batches.
type Writer interface {
	Write(ctx context.Context, b Batch) error
}

// ErrDiskFull is returned by a Writer when storage is exhausted; the pool
// stops taking work when it sees it.
var ErrDiskFull = errors.New("ingest: disk full")

// ErrStopped is returned by Submit after the pool stopped.
var ErrStopped = errors.New("ingest: pool stopped")

// Pool writes batches with a fixed number of workers.
type Pool struct {
	w       Writer
	jobs    chan Batch
	quit    chan struct{}
	ctx     context.Context
	cancel  context.CancelFunc
	wg      sync.WaitGroup
	once    sync.Once
	errMu   sync.Mutex
	err     error
	written int
}

// NewPool starts n workers.
func NewPool(w Writer, n, queue int) *Pool {
	ctx, cancel := context.WithCancel(context.Background())
	p := &Pool{w: w, jobs: make(chan Batch, queue), quit: make(chan struct{}), ctx: ctx, cancel: cancel}
	for i := 0; i < n; i++ {
		p.wg.Add(1)
		go p.worker()
	}
	return p
}

// Submit queues b.
func (p *Pool) Submit(b Batch) error {
	select {
	case <-p.quit:
		return ErrStopped
	default:
	}
	select {
	case p.jobs <- b:
		return nil
	case <-p.quit:
		return ErrStopped
	}
}

// Stopped is closed once the pool stops accepting work.
func (p *Pool) Stopped() <-chan struct{} { return p.quit }

// Err returns the error that stopped the pool, if any.
func (p *Pool) Err() error {
	p.errMu.Lock()
	defer p.errMu.Unlock()
	return p.err
}

func (p *Pool) stop() {
	p.once.Do(func() {
		close(p.quit)
		p.cancel()
	})
}

// Close stops the pool and waits for the workers to exit.
func (p *Pool) Close() error {
	p.stop()
	p.wg.Wait()
	return p.Err()
}
