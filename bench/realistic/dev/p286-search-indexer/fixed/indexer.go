// Package indexer turns a change stream into committed search segments. It
// keeps one batcher per collection, commits a segment whenever a batch fills
// up or a checkpoint is reached, and acknowledges the stream only after the
// changes it covers are committed.
package indexer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
)

// Config tunes batching and checkpointing.
type Config struct {
	// MaxBatchDocs is the number of buffered changes that triggers a commit
	// for a collection. Defaults to 500.
	MaxBatchDocs int
	// CheckpointEvery flushes all collections and acks the stream after
	// this many events. Zero means only when the stream is drained.
	CheckpointEvery int
	// CommitTimeout bounds a single segment commit. Defaults to 30s.
	CommitTimeout time.Duration
}

// Indexer applies change events to per-collection batchers.
type Indexer struct {
	store SegmentStore
	cfg   Config

	mu       sync.Mutex
	batchers map[string]*batcher
	closed   bool
}

// New returns an Indexer that commits segments to store.
func New(store SegmentStore, cfg Config) *Indexer {
	if cfg.MaxBatchDocs <= 0 {
		cfg.MaxBatchDocs = 500
	}
	if cfg.CommitTimeout <= 0 {
		cfg.CommitTimeout = 30 * time.Second
	}
	return &Indexer{store: store, cfg: cfg, batchers: make(map[string]*batcher)}
}

// Run consumes src until it is drained or ctx is done, checkpointing along
// the way. A final checkpoint is taken when the stream is drained.
func (ix *Indexer) Run(ctx context.Context, src EventSource) error {
	var (
		n    int
		last uint64
	)
	for {
		ev, err := src.Next(ctx)
		if errors.Is(err, io.EOF) {
			return ix.checkpoint(ctx, src, last)
		}
		if err != nil {
			return fmt.Errorf("read change stream: %w", err)
		}
		if err := ix.Apply(ctx, ev); err != nil {
			return fmt.Errorf("apply seq %d: %w", ev.Seq, err)
		}
		last = ev.Seq
		n++
		if ix.cfg.CheckpointEvery > 0 && n%ix.cfg.CheckpointEvery == 0 {
			if err := ix.checkpoint(ctx, src, last); err != nil {
				return err
			}
		}
	}
}

func (ix *Indexer) checkpoint(ctx context.Context, src EventSource, seq uint64) error {
	if err := ix.Flush(ctx); err != nil {
		return fmt.Errorf("checkpoint at seq %d: %w", seq, err)
	}
	if seq == 0 {
		return nil
	}
	if err := src.Ack(ctx, seq); err != nil {
		return fmt.Errorf("ack seq %d: %w", seq, err)
	}
	return nil
}

// Apply routes a single change event.
func (ix *Indexer) Apply(ctx context.Context, ev ChangeEvent) error {
	switch ev.Op {
	case OpUpsert, OpDelete:
		b, err := ix.batcherFor(ev.Collection)
		if err != nil {
			return err
		}
		return b.send(ctx, message{ev: ev})
	case OpDropCollection:
		return ix.drop(ctx, ev.Collection)
	default:
		return fmt.Errorf("%w: %d", ErrUnknownOp, ev.Op)
	}
}

func (ix *Indexer) batcherFor(collection string) (*batcher, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.closed {
		return nil, ErrClosed
	}
	b, ok := ix.batchers[collection]
	if !ok {
		b = newBatcher(collection, ix.store, ix.cfg.MaxBatchDocs, ix.cfg.CommitTimeout)
		ix.batchers[collection] = b
		go b.run()
	}
	return b, nil
}

// drop forgets the collection's batcher and removes its segments. A later
// upsert into the same collection starts from an empty index.
func (ix *Indexer) drop(ctx context.Context, collection string) error {
	ix.mu.Lock()
	b, ok := ix.batchers[collection]
	delete(ix.batchers, collection)
	ix.mu.Unlock()
	if ok {
		_ = b.stop() // pending changes are moot once the collection is gone
	}
	if err := ix.store.DropCollection(ctx, collection); err != nil {
		return fmt.Errorf("drop collection %q: %w", collection, err)
	}
	return nil
}

// Flush commits the pending changes of every collection.
func (ix *Indexer) Flush(ctx context.Context) error {
	ix.mu.Lock()
	bs := make([]*batcher, 0, len(ix.batchers))
	for _, b := range ix.batchers {
		bs = append(bs, b)
	}
	ix.mu.Unlock()

	var first error
	for _, b := range bs {
		if err := b.flush(ctx); err != nil && first == nil {
			first = fmt.Errorf("flush %q: %w", b.collection, err)
		}
	}
	return first
}

// Close commits pending changes and stops every batcher. The Indexer cannot
// be used afterwards.
func (ix *Indexer) Close() error {
	ix.mu.Lock()
	if ix.closed {
		ix.mu.Unlock()
		return nil
	}
	ix.closed = true
	bs := ix.batchers
	ix.batchers = nil
	ix.mu.Unlock()

	var first error
	for name, b := range bs {
		if err := b.stop(); err != nil && first == nil {
			first = fmt.Errorf("close %q: %w", name, err)
		}
	}
	return first
}
