// Package ocr runs scanned PDFs through optical character recognition. A
// Queue accepts documents, splits each into page images, recognises the
// pages concurrently and stores the assembled text.
package ocr

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrQueueFull is returned by Submit when the backlog is at capacity.
var ErrQueueFull = errors.New("ocr: queue is full")

// ErrClosed is returned by Submit after Close.
var ErrClosed = errors.New("ocr: queue is closed")

// Result is the outcome of one document.
type Result struct {
	DocID      string
	Text       string
	Pages      int
	Confidence float64
	Err        error // non-nil if recognition failed
	Took       time.Duration
}

// ResultStore persists finished documents.
type ResultStore interface {
	Save(ctx context.Context, r Result) error
}

// Config tunes the queue.
type Config struct {
	Workers     int           // documents processed concurrently; default 2
	PageWorkers int           // pages per document in flight; default 4
	Backlog     int           // documents waiting; default 100
	MaxPages    int           // larger documents are rejected; default 500
	DPI         int           // render resolution; default 300
	Threshold   uint8         // binarisation threshold; default 160
	DocTimeout  time.Duration // per-document deadline; default 10m
}

func (c *Config) setDefaults() {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&c.Workers, 2)
	def(&c.PageWorkers, 4)
	def(&c.Backlog, 100)
	def(&c.MaxPages, 500)
	def(&c.DPI, 300)
	if c.Threshold == 0 {
		c.Threshold = 160
	}
	if c.DocTimeout <= 0 {
		c.DocTimeout = 10 * time.Minute
	}
}

// State is the lifecycle stage of a submitted document.
type State int

// Document states.
const (
	Queued State = iota
	Running
	Done
	Failed
)

// Queue is a bounded work queue of documents.
type Queue struct {
	cfg        Config
	splitter   Splitter
	recognizer Recognizer
	store      ResultStore

	ctx    context.Context
	cancel context.CancelFunc
	jobs   chan Document
	wg     sync.WaitGroup

	mu     sync.Mutex
	closed bool
	states map[string]State
}

// New starts a queue with cfg.Workers workers.
func New(cfg Config, s Splitter, r Recognizer, store ResultStore) (*Queue, error) {
	if s == nil || r == nil || store == nil {
		return nil, errors.New("ocr: splitter, recognizer and store are required")
	}
	cfg.setDefaults()
	q := &Queue{
		cfg:        cfg,
		splitter:   s,
		recognizer: r,
		store:      store,
		jobs:       make(chan Document, cfg.Backlog),
		states:     make(map[string]State),
	}
	q.ctx, q.cancel = context.WithCancel(context.Background())
	for i := 0; i < cfg.Workers; i++ {
		q.wg.Add(1)
		go q.worker()
	}
	return q, nil
}

// Submit enqueues doc without waiting for it to be processed.
func (q *Queue) Submit(doc Document) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return ErrClosed
	}
	if _, dup := q.states[doc.ID]; dup {
		return fmt.Errorf("ocr: document %s already submitted", doc.ID)
	}
	select {
	case q.jobs <- doc:
		q.states[doc.ID] = Queued
		return nil
	default:
		return fmt.Errorf("submit %s: %w", doc.ID, ErrQueueFull)
	}
}

// State reports the state of a submitted document.
func (q *Queue) State(docID string) (State, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	st, ok := q.states[docID]
	return st, ok
}

// Close stops accepting documents, lets queued ones finish and waits for
// the workers to exit.
func (q *Queue) Close() {
	q.mu.Lock()
	if !q.closed {
		q.closed = true
		close(q.jobs)
	}
	q.mu.Unlock()
	q.wg.Wait()
	q.cancel()
}

func (q *Queue) worker() {
	defer q.wg.Done()
	for doc := range q.jobs {
		q.setState(doc.ID, Running)
		r := q.run(doc)
		if r.Err != nil {
			q.setState(doc.ID, Failed)
		} else {
			q.setState(doc.ID, Done)
		}
		if err := q.store.Save(q.ctx, r); err != nil && r.Err == nil {
			q.setState(doc.ID, Failed)
		}
	}
}

func (q *Queue) run(doc Document) Result {
	start := time.Now()
	ctx, cancel := context.WithTimeout(q.ctx, q.cfg.DocTimeout)
	defer cancel()
	pages, err := q.process(ctx, doc)
	if err != nil {
		return Result{DocID: doc.ID, Err: fmt.Errorf("ocr %s: %w", doc.ID, err), Took: time.Since(start)}
	}
	text, conf := assemble(pages)
	return Result{DocID: doc.ID, Text: text, Pages: len(pages), Confidence: conf, Took: time.Since(start)}
}

func (q *Queue) setState(docID string, st State) {
	q.mu.Lock()
	q.states[docID] = st
	q.mu.Unlock()
}
