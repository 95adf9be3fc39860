// Package logfollow tails the logs of running CI build steps and fans them
// out to any number of live viewers (browser tabs, CLI clients).
//
// One tailer per step polls the log source; viewers attach to it, receive
// the recent backlog and then every new chunk as it is read.
package logfollow

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// StepKey identifies a build step.
type StepKey struct {
	Build string
	Step  string
}

func (k StepKey) String() string { return k.Build + "/" + k.Step }

// Source reads step logs from wherever the runners upload them.
type Source interface {
	// ReadLog returns up to max bytes of the step's log starting at offset.
	// eof is true once the step has finished and all of its log has been
	// returned.
	ReadLog(ctx context.Context, key StepKey, offset int64, max int) (data []byte, eof bool, err error)
}

// Redactor masks secrets in log output before it reaches viewers.
type Redactor interface {
	Redact(p []byte) []byte
}

// Clock abstracts time for tests.
type Clock interface {
	After(d time.Duration) <-chan time.Time
}

type systemClock struct{}

func (systemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Errors reported through Viewer.Err.
var (
	ErrClosed     = errors.New("logfollow: follower closed")
	ErrSlowViewer = errors.New("logfollow: viewer fell behind")
)

// Options configures a Follower.
type Options struct {
	// PollInterval is how long to wait before polling again when no new
	// output is available. Default 1s.
	PollInterval time.Duration
	// ReadSize is the maximum number of bytes read per poll. Default 64 KiB.
	ReadSize int
	// Backlog is how many trailing bytes are replayed to new viewers.
	// Default 256 KiB.
	Backlog int
	// ViewerBuffer is the number of chunks buffered per viewer before it is
	// considered too slow and disconnected. Default 64.
	ViewerBuffer int
	// Redactor, if set, is applied to every chunk.
	Redactor Redactor
	Clock    Clock
	Logf     func(format string, args ...interface{})
}

func (o *Options) setDefaults() {
	if o.PollInterval <= 0 {
		o.PollInterval = time.Second
	}
	if o.ReadSize <= 0 {
		o.ReadSize = 64 << 10
	}
	if o.Backlog <= 0 {
		o.Backlog = 256 << 10
	}
	if o.ViewerBuffer <= 0 {
		o.ViewerBuffer = 64
	}
	if o.Clock == nil {
		o.Clock = systemClock{}
	}
	if o.Logf == nil {
		o.Logf = func(string, ...interface{}) {}
	}
}

// Follower multiplexes step logs to viewers.
type Follower struct {
	src  Source
	opts Options

	mu      sync.Mutex
	streams map[StepKey]*stream
	closed  bool
	wg      sync.WaitGroup
}

// New returns a Follower reading from src.
func New(src Source, opts Options) *Follower {
	opts.setDefaults()
	return &Follower{src: src, opts: opts, streams: make(map[StepKey]*stream)}
}

// Follow attaches a new viewer to the log of key. The viewer is detached
// when ctx is done or Close is called on it.
func (f *Follower) Follow(ctx context.Context, key StepKey) (*Viewer, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return nil, ErrClosed
	}
	s, ok := f.streams[key]
	if !ok {
		s = newStream(f, key)
		f.streams[key] = s
	}
	v := s.attach(ctx)
	if !ok {
		f.wg.Add(1)
		go s.run()
	}
	return v, nil
}

// forget removes s once its tailer has stopped, so the next Follow starts a
// fresh one.
func (f *Follower) forget(s *stream) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.streams[s.key] == s {
		delete(f.streams, s.key)
	}
}

// Close stops every tailer and disconnects their viewers.
func (f *Follower) Close() error {
	f.mu.Lock()
	if f.closed {
		f.mu.Unlock()
		return nil
	}
	f.closed = true
	for _, s := range f.streams {
		s.cancel()
	}
	f.mu.Unlock()
	f.wg.Wait()
	return nil
}

// Chunk is a piece of a step log.
type Chunk struct {
	// Offset is the position of Data in the (redacted) log.
	Offset int64
	Data   []byte
}

// Viewer receives a step's log.
type Viewer struct {
	c    chan Chunk
	done chan struct{}
	s    *stream
	err  error // set before c is closed
}

// C delivers log chunks. It is closed when the step finishes, the viewer
// is detached, or it falls too far behind; Err then reports why.
func (v *Viewer) C() <-chan Chunk { return v.c }

// Err returns the reason C was closed, or nil if the step finished.
// It must only be called after C has been closed.
func (v *Viewer) Err() error { return v.err }

// Close detaches the viewer.
func (v *Viewer) Close() { v.s.detach(v, nil) }

func (v *Viewer) watch(ctx context.Context) {
	select {
	case <-ctx.Done():
		v.s.detach(v, fmt.Errorf("logfollow: %s: %w", v.s.key, ctx.Err()))
	case <-v.done:
	}
}
