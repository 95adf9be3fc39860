// Package segmentlog is an append-only keyed log stored as segment files.
// Sealed segments are compacted in the background down to the newest record
// of every key while readers keep tailing the log by offset.
package segmentlog

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
)

// ErrClosed is returned by operations on a closed Log.
var ErrClosed = errors.New("segmentlog: log closed")

// FS is the storage the log keeps its segments in.
type FS interface {
	Create(name string) (File, error)
	Open(name string) (io.ReadCloser, error)
	Remove(name string) error
}

// File is a segment opened for writing.
type File interface {
	io.Writer
	Sync() error
	Close() error
}

// Options configures a Log.
type Options struct {
	// SegmentBytes is the size at which a segment is sealed (default 64 MiB).
	SegmentBytes int64
	// CompactAfter is the number of sealed segments that triggers a
	// background compaction. Zero disables compaction.
	CompactAfter int
	// OnCompactError, if set, receives errors from background compactions.
	OnCompactError func(error)
}

// segment is one segment file holding offsets [base, next) in size bytes.
type segment struct {
	name       string
	base, next uint64
	size       int64
}

// segmentName names a segment; compaction bumps gen to avoid collisions.
func segmentName(base uint64, gen int) string {
	return fmt.Sprintf("%020d.%d.seg", base, gen)
}

// Log is an append-only log. It is safe for concurrent use.
type Log struct {
	fs   FS
	opts Options

	mu       sync.Mutex
	sealed   []segment
	active   segment
	activeF  File
	nextOff  uint64
	latest   map[string]uint64 // key -> offset of its newest record
	appended chan struct{}     // closed and replaced on every append
	gen      int
	closed   bool

	kick   chan struct{}
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// New creates an empty log on fs.
func New(fs FS, opts Options) (*Log, error) {
	if opts.SegmentBytes <= 0 {
		opts.SegmentBytes = 64 << 20
	}
	name := segmentName(0, 0)
	f, err := fs.Create(name)
	if err != nil {
		return nil, fmt.Errorf("segmentlog: create %s: %w", name, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	l := &Log{
		fs:       fs,
		opts:     opts,
		active:   segment{name: name},
		activeF:  f,
		latest:   make(map[string]uint64),
		appended: make(chan struct{}),
		kick:     make(chan struct{}, 1),
		ctx:      ctx,
		cancel:   cancel,
	}
	if opts.CompactAfter > 0 {
		l.wg.Add(1)
		go l.compactLoop()
	}
	return l, nil
}

// Append writes a record and returns its offset.
func (l *Log) Append(key, value []byte) (uint64, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return 0, ErrClosed
	}
	rec := Record{Offset: l.nextOff, Key: key, Value: value}
	frame := appendFrame(nil, rec)
	if _, err := l.activeF.Write(frame); err != nil {
		return 0, fmt.Errorf("segmentlog: append to %s: %w", l.active.name, err)
	}
	l.nextOff++
	l.active.next = l.nextOff
	l.active.size += int64(len(frame))
	l.latest[string(key)] = rec.Offset
	close(l.appended)
	l.appended = make(chan struct{})

	if l.active.size >= l.opts.SegmentBytes {
		if err := l.rollLocked(); err != nil {
			return rec.Offset, err
		}
	}
	return rec.Offset, nil
}

// rollLocked seals the active segment and starts a new one. l.mu must be held.
func (l *Log) rollLocked() error {
	name := segmentName(l.nextOff, 0)
	f, err := l.fs.Create(name)
	if err != nil {
		return fmt.Errorf("segmentlog: roll: create %s: %w", name, err)
	}
	old := l.activeF
	l.sealed = append(l.sealed, l.active)
	l.active = segment{name: name, base: l.nextOff, next: l.nextOff}
	l.activeF = f
	if l.opts.CompactAfter > 0 && len(l.sealed) >= l.opts.CompactAfter {
		select {
		case l.kick <- struct{}{}:
		default:
		}
	}
	if err := old.Sync(); err != nil {
		return fmt.Errorf("segmentlog: roll: sync: %w", err)
	}
	return old.Close()
}

// compactLoop runs compactions requested by rollLocked until Close.
func (l *Log) compactLoop() {
	defer l.wg.Done()
	for {
		select {
		case <-l.ctx.Done():
			return
		case <-l.kick:
		}
		err := l.compact(l.ctx)
		if err != nil && !errors.Is(err, ErrClosed) && l.opts.OnCompactError != nil {
			l.opts.OnCompactError(err)
		}
	}
}

// Close stops background compaction and closes the active segment.
func (l *Log) Close() error {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return ErrClosed
	}
	l.closed = true
	close(l.appended)
	l.mu.Unlock()

	l.cancel()
	l.wg.Wait()
	err := l.activeF.Sync()
	if cerr := l.activeF.Close(); err == nil {
		err = cerr
	}
	return err
}

// Reader tails a Log in offset order. A Reader is not safe for concurrent use.
type Reader struct {
	l    *Log
	next uint64 // next offset to return
	end  uint64 // end offset of the segment being read
	rc   io.ReadCloser
	br   *bufio.Reader
}

// NewReader returns a Reader positioned at offset from.
func (l *Log) NewReader(from uint64) *Reader {
	return &Reader{l: l, next: from}
}

// Next returns the first record at or after the reader's position, waiting
// for an append if the reader has caught up with the tail. Offsets removed by
// compaction are skipped.
func (r *Reader) Next(ctx context.Context) (Record, error) {
	for {
		if r.br == nil {
			wait, err := r.open()
			if err != nil {
				return Record{}, err
			}
			if wait != nil {
				select {
				case <-wait:
					continue
				case <-ctx.Done():
					return Record{}, ctx.Err()
				}
			}
		}
		rec, err := readFrame(r.br)
		switch {
		case err == nil && rec.Offset >= r.next:
			r.next = rec.Offset + 1
			return rec, nil
		case err == nil:
			// Already consumed; keep scanning.
		case errors.Is(err, io.EOF):
			if r.end > r.next {
				r.next = r.end
			}
			r.Close()
		default:
			return Record{}, fmt.Errorf("segmentlog: read: %w", err)
		}
	}
}

// open positions r on the segment holding r.next. When r is at the tail it
// instead returns a channel that is closed by the next append.
func (r *Reader) open() (<-chan struct{}, error) {
	l := r.l
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return nil, ErrClosed
	}
	if r.next >= l.nextOff {
		return l.appended, nil
	}
	seg := l.active
	for _, s := range l.sealed {
		if r.next < s.next {
			seg = s
			break
		}
	}
	rc, err := l.fs.Open(seg.name)
	if err != nil {
		return nil, fmt.Errorf("segmentlog: open %s: %w", seg.name, err)
	}
	r.rc, r.br, r.end = rc, bufio.NewReader(rc), seg.next
	return nil, nil
}

// Close releases the segment the reader has open.
func (r *Reader) Close() error {
	if r.rc == nil {
		return nil
	}
	err := r.rc.Close()
	r.rc, r.br = nil, nil
	return err
}
