// Package chatindex feeds chat messages into a search index in batches,
// pushing back on producers when the index falls behind.
package chatindex

import (
	"context"
	"errors"
	"sync"
	"time"
)

// Message is one chat message to be made searchable.
type Message struct {
	ID      string
	Channel string
	Author  string
	Text    string
	SentAt  time.Time
}

// Store writes a batch of messages to the search backend.
type Store interface {
	Index(ctx context.Context, batch []Message) error
}

// ErrClosed is returned by Enqueue after Close.
var ErrClosed = errors.New("chatindex: indexer closed")

// Option configures an Indexer.
type Option func(*Indexer)

// WithMaxPending bounds how many messages may wait for the store before
// Enqueue blocks.
func WithMaxPending(n int) Option { return func(ix *Indexer) { ix.maxPending = n } }

// WithBatchSize sets the largest batch handed to the store.
func WithBatchSize(n int) Option { return func(ix *Indexer) { ix.batchSize = n } }

// Indexer buffers messages and writes them to a Store from one background
// flusher.
type Indexer struct {
	store      Store
	maxPending int
	batchSize  int

	mu      sync.Mutex
	cond    *sync.Cond
	pending []Message
	closed  bool
	err     error
	stalls  int

	flushed chan struct{}
}

// New starts an indexer writing to store.
func New(store Store, opts ...Option) *Indexer {
	ix := &Indexer{store: store, maxPending: 1024, batchSize: 128, flushed: make(chan struct{})}
	for _, o := range opts {
		o(ix)
	}
	ix.cond = sync.NewCond(&ix.mu)
	go ix.flushLoop()
	return ix
}

// Enqueue adds m to the next batch, waiting while the indexer is full.
func (ix *Indexer) Enqueue(m Message) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if len(ix.pending) >= ix.maxPending {
		ix.stalls++
	}
	for len(ix.pending) >= ix.maxPending && !ix.closed && ix.err == nil {
		ix.cond.Wait() // leak: the flusher gives up on a store error without waking producers, so this wait never ends
	}
	if ix.err != nil {
		return ix.err
	}
	if ix.closed {
		return ErrClosed
	}
	ix.pending = append(ix.pending, m)
	ix.cond.Broadcast()
	return nil
}

// Stalls reports how many Enqueue calls had to wait for room; it is exported
// as a backpressure metric.
func (ix *Indexer) Stalls() int {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.stalls
}

// Err returns the error that stopped the flusher, if any.
func (ix *Indexer) Err() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.err
}

// Close flushes what is pending and stops the flusher. It returns the first
// store error.
func (ix *Indexer) Close() error {
	ix.mu.Lock()
	if ix.err != nil {
		err := ix.err
		ix.mu.Unlock()
		return err
	}
	ix.closed = true
	ix.cond.Broadcast()
	ix.mu.Unlock()
	<-ix.flushed
	return ix.Err()
}
