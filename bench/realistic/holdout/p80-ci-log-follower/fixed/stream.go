package logfollow

import (
	"context"
	"fmt"
	"sync"
)

// stream tails one step's log and fans it out to its viewers.
type stream struct {
	f      *Follower
	key    StepKey
	ctx    context.Context
	cancel context.CancelFunc

	mu      sync.Mutex
	viewers map[*Viewer]struct{}
	backlog []byte
	start   int64 // offset of backlog[0] in the redacted log
	done    bool
	err     error
}

func newStream(f *Follower, key StepKey) *stream {
	ctx, cancel := context.WithCancel(context.Background())
	return &stream{f: f, key: key, ctx: ctx, cancel: cancel, viewers: make(map[*Viewer]struct{})}
}

// attach registers a viewer and primes it with the backlog.
func (s *stream) attach(ctx context.Context) *Viewer {
	v := &Viewer{
		c:    make(chan Chunk, s.f.opts.ViewerBuffer),
		done: make(chan struct{}),
		s:    s,
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.backlog) > 0 {
		v.c <- Chunk{Offset: s.start, Data: append([]byte(nil), s.backlog...)}
	}
	if s.done {
		v.err = s.err
		close(v.c)
		close(v.done)
		return v
	}
	s.viewers[v] = struct{}{}
	go v.watch(ctx)
	return v
}

// detach removes v, closing its channel with err.
func (s *stream) detach(v *Viewer, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.removeLocked(v, err)
}

func (s *stream) removeLocked(v *Viewer, err error) {
	if _, ok := s.viewers[v]; !ok {
		return
	}
	delete(s.viewers, v)
	v.err = err
	close(v.c)
	close(v.done)
}

// run is the tailer loop.
func (s *stream) run() {
	defer s.f.wg.Done()
	defer s.f.forget(s)
	defer func() {
		// A misbehaving Redactor must not take the whole service down.
		// Viewers of this step stop receiving output and reconnect.
		if r := recover(); r != nil {
			s.f.opts.Logf("logfollow: %s: tailer stopped: panic: %v", s.key, r)
		}
	}()

	var offset int64
	for {
		data, eof, err := s.f.src.ReadLog(s.ctx, s.key, offset, s.f.opts.ReadSize)
		if err != nil {
			if s.ctx.Err() != nil {
				s.finish(ErrClosed)
			} else {
				s.finish(fmt.Errorf("logfollow: %s: read at %d: %w", s.key, offset, err))
			}
			return
		}
		if len(data) > 0 {
			offset += int64(len(data))
			s.publish(data)
		}
		if eof {
			s.finish(nil)
			return
		}
		if len(data) > 0 {
			continue
		}
		select {
		case <-s.f.opts.Clock.After(s.f.opts.PollInterval):
		case <-s.ctx.Done():
			s.finish(ErrClosed)
			return
		}
	}
}

// publish redacts data, appends it to the backlog and offers it to every
// viewer. Viewers whose buffer is full are disconnected.
func (s *stream) publish(data []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r := s.f.opts.Redactor; r != nil {
		data = r.Redact(data)
	}
	c := Chunk{Offset: s.start + int64(len(s.backlog)), Data: data}
	s.backlog = append(s.backlog, data...)
	if over := len(s.backlog) - s.f.opts.Backlog; over > 0 {
		s.backlog = append(s.backlog[:0:0], s.backlog[over:]...)
		s.start += int64(over)
	}
	for v := range s.viewers {
		select {
		case v.c <- c:
		default:
			s.removeLocked(v, ErrSlowViewer)
		}
	}
}

// finish closes every viewer with err and marks the stream done.
func (s *stream) finish(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.done = true
	s.err = err
	for v := range s.viewers {
		s.removeLocked(v, err)
	}
	s.cancel()
}
