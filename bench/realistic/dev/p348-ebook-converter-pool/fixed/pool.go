// Package convpool runs ebook conversions on a pool of long-lived converter
// processes. Jobs are queued by priority (FIFO within a priority), can be
// cancelled while queued or running, and each worker owns one converter
// process that it relaunches after the process fails.
package convpool

import (
	"container/heap"
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
)

// Format is an ebook format.
type Format string

// Supported formats.
const (
	EPUB Format = "epub"
	MOBI Format = "mobi"
	PDF  Format = "pdf"
)

// Priority orders queued jobs; higher runs first.
type Priority int

// Job priorities.
const (
	PriorityLow Priority = iota
	PriorityNormal
	PriorityHigh
)

// Job describes one conversion.
type Job struct {
	ID       string
	Source   string // store key of the input book
	Target   string // store key for the converted book
	From, To Format
	Priority Priority
}

// Result describes a finished conversion.
type Result struct {
	JobID       string
	InputBytes  int64
	InputSHA256 string
	OutputBytes int64
}

// Object is a pending upload; nothing is visible until Commit.
type Object interface {
	io.Writer
	Commit() error
	Abort() error
}

// Store holds input and output books.
type Store interface {
	Open(ctx context.Context, key string) (io.ReadCloser, error)
	Create(ctx context.Context, key string) (Object, error)
}

// Process is a running converter. Convert reads a request from in (a JSON
// header line followed by the input book) and writes the converted book to
// out. A Process handles one request at a time.
type Process interface {
	Convert(ctx context.Context, in io.Reader, out io.Writer) error
	Close() error
}

// Launcher starts converter processes.
type Launcher interface {
	Launch(ctx context.Context) (Process, error)
}

// ErrClosed is returned for jobs submitted to or queued in a closed pool.
var ErrClosed = errors.New("convpool: pool closed")

// Config configures a Pool.
type Config struct {
	Store    Store    // required
	Launcher Launcher // required
	// Workers is the number of converter processes (default 2).
	Workers int
	// JobTimeout bounds each conversion once it starts (default 5m).
	JobTimeout time.Duration
}

// Pool schedules conversion jobs onto converter processes.
type Pool struct {
	cfg    Config
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu     sync.Mutex
	cond   *sync.Cond
	queue  jobQueue
	seq    uint64
	closed bool
}

// New starts a pool with cfg.Workers workers.
func New(cfg Config) (*Pool, error) {
	if cfg.Store == nil || cfg.Launcher == nil {
		return nil, errors.New("convpool: Config.Store and Config.Launcher are required")
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 2
	}
	if cfg.JobTimeout <= 0 {
		cfg.JobTimeout = 5 * time.Minute
	}
	p := &Pool{cfg: cfg}
	p.ctx, p.cancel = context.WithCancel(context.Background())
	p.cond = sync.NewCond(&p.mu)
	for i := 0; i < cfg.Workers; i++ {
		p.wg.Add(1)
		go p.worker(i)
	}
	return p, nil
}

// Submit queues job and returns a Ticket to wait for or cancel it.
func (p *Pool) Submit(job Job) (*Ticket, error) {
	if job.ID == "" || job.Source == "" || job.Target == "" {
		return nil, fmt.Errorf("convpool: job %q: ID, Source and Target are required", job.ID)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil, ErrClosed
	}
	p.seq++
	t := &Ticket{pool: p, job: job, seq: p.seq, done: make(chan struct{})}
	t.ctx, t.cancel = context.WithCancel(p.ctx)
	heap.Push(&p.queue, t)
	p.cond.Signal()
	return t, nil
}

// next blocks until a job is available and returns it, or returns nil once
// the pool is closed.
func (p *Pool) next() *Ticket {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.queue) == 0 && !p.closed {
		p.cond.Wait()
	}
	if p.closed {
		return nil
	}
	return heap.Pop(&p.queue).(*Ticket)
}

// Close fails all queued jobs, cancels running ones and waits for the
// workers to exit.
func (p *Pool) Close() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	p.closed = true
	pending := p.queue
	p.queue = nil
	for _, t := range pending {
		t.index = -1
	}
	p.cond.Broadcast()
	p.mu.Unlock()

	for _, t := range pending {
		t.finish(Result{}, ErrClosed)
	}
	p.cancel()
	p.wg.Wait()
	return nil
}

// Ticket tracks a submitted job.
type Ticket struct {
	pool   *Pool
	job    Job
	seq    uint64
	index  int // position in the queue, -1 once dequeued
	ctx    context.Context
	cancel context.CancelFunc

	once sync.Once
	done chan struct{}
	res  Result
	err  error
}

// Wait blocks until the job finishes or ctx is done.
func (t *Ticket) Wait(ctx context.Context) (Result, error) {
	select {
	case <-t.done:
		return t.res, t.err
	case <-ctx.Done():
		return Result{}, ctx.Err()
	}
}

// Cancel removes the job from the queue, or stops it if it is running.
func (t *Ticket) Cancel() {
	p := t.pool
	p.mu.Lock()
	queued := t.index >= 0
	if queued {
		heap.Remove(&p.queue, t.index)
	}
	p.mu.Unlock()
	if queued {
		t.finish(Result{}, fmt.Errorf("job %s: %w", t.job.ID, context.Canceled))
	}
	t.cancel()
}

func (t *Ticket) finish(res Result, err error) {
	t.once.Do(func() {
		t.res, t.err = res, err
		t.cancel()
		close(t.done)
	})
}

// jobQueue is a heap of tickets: highest priority first, then oldest.
type jobQueue []*Ticket

func (q jobQueue) Len() int { return len(q) }

func (q jobQueue) Less(i, j int) bool {
	if q[i].job.Priority != q[j].job.Priority {
		return q[i].job.Priority > q[j].job.Priority
	}
	return q[i].seq < q[j].seq
}

func (q jobQueue) Swap(i, j int) {
	q[i], q[j] = q[j], q[i]
	q[i].index, q[j].index = i, j
}

func (q *jobQueue) Push(x any) {
	t := x.(*Ticket)
	t.index = len(*q)
	*q = append(*q, t)
}

func (q *jobQueue) Pop() any {
	old := *q
	t := old[len(old)-1]
	old[len(old)-1] = nil
	*q = old[:len(old)-1]
	t.index = -1
	return t
}
