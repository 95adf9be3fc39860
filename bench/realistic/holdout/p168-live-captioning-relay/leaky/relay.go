package captions

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Relay owns the live streams of one caption server.
type Relay struct {
	rec  Recognizer
	opts options

	mu      sync.Mutex
	streams map[string]*Stream
	closed  bool
}

// New returns a Relay that transcribes audio with rec.
func New(rec Recognizer, opts ...Option) *Relay {
	o := options{
		queue:            8,
		recognizeTimeout: 10 * time.Second,
		sendTimeout:      5 * time.Second,
		maxLine:          84,
		rewrite:          func(s string) string { return s },
	}
	for _, opt := range opts {
		opt(&o)
	}
	return &Relay{rec: rec, opts: o, streams: make(map[string]*Stream)}
}

// Open starts a new live stream with the given id.
func (r *Relay) Open(id string) (*Stream, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil, ErrClosed
	}
	if _, ok := r.streams[id]; ok {
		return nil, fmt.Errorf("%w: %s", ErrExists, id)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Stream{
		id:      id,
		relay:   r,
		ctx:     ctx,
		cancel:  cancel,
		segs:    make(chan Segment, r.opts.queue),
		done:    make(chan struct{}),
		changed: make(chan struct{}),
	}
	r.streams[id] = s
	go s.run()
	return s, nil
}

// Lookup returns the open stream with the given id.
func (r *Relay) Lookup(id string) (*Stream, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s, ok := r.streams[id]
	return s, ok
}

// Close closes every open stream and refuses new ones.
func (r *Relay) Close() {
	r.mu.Lock()
	r.closed = true
	streams := make([]*Stream, 0, len(r.streams))
	for _, s := range r.streams {
		streams = append(streams, s)
	}
	r.mu.Unlock()
	for _, s := range streams {
		s.Close()
	}
}

func (r *Relay) remove(s *Stream) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.streams[s.id] == s {
		delete(r.streams, s.id)
	}
}

func (r *Relay) report(streamID string, err error) {
	if r.opts.onError != nil {
		r.opts.onError(streamID, err)
	}
}
