// Package wal implements an append-only write-ahead log writer.
//
// Appends are written to the current segment file immediately and made
// durable by a single syncer goroutine that batches concurrent appends into
// one fsync (group commit). When a segment grows past Options.SegmentSize
// the writer switches to a new one and seals the old one in the background
// once every append still waiting on it has been acknowledged.
package wal

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
)

// ErrClosed is returned by operations on a closed Writer.
var ErrClosed = errors.New("wal: writer closed")

// FS is the directory segments are created in.
type FS interface {
	Create(name string) (File, error)
}

// File is an open segment file.
type File interface {
	Write(p []byte) (int, error)
	Sync() error
	Close() error
}

// SegmentInfo describes a sealed segment.
type SegmentInfo struct {
	Name     string
	FirstLSN uint64
	LastLSN  uint64
	Size     int64
	// Err is set if the final fsync or close of the segment failed.
	Err error
}

// Options configures a Writer.
type Options struct {
	// SegmentSize is the size in bytes after which the writer rotates to a
	// new segment. Defaults to 64 MiB.
	SegmentSize int64
	// MaxBatch caps how many appends share one fsync. Defaults to 128.
	MaxBatch int
	// OnSealed, if set, is called from a background goroutine after a
	// rotated-out segment has been synced and closed, e.g. to archive it.
	OnSealed func(SegmentInfo)
}

// Stats are cumulative counters for a Writer.
type Stats struct {
	Appends   uint64
	Fsyncs    uint64
	Rotations uint64
}

// Writer appends records to a segmented log. It is safe for concurrent use.
type Writer struct {
	fs   FS
	opts Options

	mu      sync.Mutex // guards seg, nextLSN, closed and writes to seg.f
	seg     *segment
	nextLSN uint64
	closed  bool

	syncReqs   chan *syncReq
	stop       chan struct{}
	syncerDone chan struct{}

	appends, fsyncs, rotations uint64
}

// Open creates the first segment in fs and starts the syncer.
func Open(fs FS, opts Options) (*Writer, error) {
	if opts.SegmentSize <= 0 {
		opts.SegmentSize = 64 << 20
	}
	if opts.MaxBatch <= 0 {
		opts.MaxBatch = 128
	}
	w := &Writer{
		fs:         fs,
		opts:       opts,
		nextLSN:    1,
		syncReqs:   make(chan *syncReq),
		stop:       make(chan struct{}),
		syncerDone: make(chan struct{}),
	}
	seg, err := w.openSegment(1)
	if err != nil {
		return nil, err
	}
	w.seg = seg
	go w.syncLoop()
	return w, nil
}

// Append writes rec to the log and returns its log sequence number once the
// record is durable. If ctx is done first, Append returns ctx.Err(); the
// record may or may not survive a crash in that case.
func (w *Writer) Append(ctx context.Context, rec []byte) (uint64, error) {
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return 0, ErrClosed
	}
	if w.seg.size >= w.opts.SegmentSize {
		if err := w.rotateLocked(); err != nil {
			w.mu.Unlock()
			return 0, err
		}
	}
	seg, lsn := w.seg, w.nextLSN
	if err := seg.write(lsn, rec); err != nil {
		w.mu.Unlock()
		return 0, fmt.Errorf("wal: append lsn %d: %w", lsn, err)
	}
	w.nextLSN++
	seg.inflight.Add(1)
	w.mu.Unlock()
	atomic.AddUint64(&w.appends, 1)

	// From here on the syncer owns the in-flight reference: it releases
	// it once the batch containing req has been synced.
	req := &syncReq{seg: seg, done: make(chan error, 1)}
	select {
	case w.syncReqs <- req:
	case <-w.stop:
		seg.inflight.Done()
		return 0, ErrClosed
	case <-ctx.Done():
		seg.inflight.Done()
		return 0, fmt.Errorf("wal: append lsn %d: %w", lsn, ctx.Err())
	}

	select {
	case err := <-req.done:
		if err != nil {
			return 0, fmt.Errorf("wal: append lsn %d: %w", lsn, err)
		}
		return lsn, nil
	case <-ctx.Done():
		return 0, fmt.Errorf("wal: append lsn %d: %w", lsn, ctx.Err())
	}
}

// Stats returns a snapshot of the writer's counters.
func (w *Writer) Stats() Stats {
	return Stats{
		Appends:   atomic.LoadUint64(&w.appends),
		Fsyncs:    atomic.LoadUint64(&w.fsyncs),
		Rotations: atomic.LoadUint64(&w.rotations),
	}
}

// Close stops the syncer and syncs and closes the current segment.
// Segments rotated out earlier are sealed by their own goroutines.
func (w *Writer) Close() error {
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return ErrClosed
	}
	w.closed = true
	seg := w.seg
	w.mu.Unlock()

	close(w.stop)
	<-w.syncerDone

	err := seg.f.Sync()
	if cerr := seg.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("wal: close %s: %w", seg.name, err)
	}
	return nil
}
