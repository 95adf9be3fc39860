package captions

import (
	"context"
	"fmt"
	"strings"
	"sync"
)

// Stream is one live captioned stream.
type Stream struct {
	id    string
	relay *Relay

	ctx       context.Context
	cancel    context.CancelFunc
	segs      chan Segment
	done      chan struct{}
	closeOnce sync.Once

	mu       sync.RWMutex
	captions []Caption
	changed  chan struct{} // closed and replaced whenever captions change
}

// ID returns the stream id.
func (s *Stream) ID() string { return s.id }

// Push queues an audio segment for recognition.
func (s *Stream) Push(ctx context.Context, seg Segment) error {
	select {
	case s.segs <- seg:
		return nil
	case <-s.ctx.Done():
		return fmt.Errorf("stream %s: %w", s.id, ErrClosed)
	case <-ctx.Done():
		return ctx.Err()
	}
}

// run recognises queued segments in order until the stream is closed.
func (s *Stream) run() {
	defer close(s.done)
	for {
		select {
		case seg := <-s.segs:
			if err := s.handle(seg); err != nil {
				s.relay.report(s.id, err)
			}
		case <-s.ctx.Done():
			return
		}
	}
}

// handle recognises one segment and folds the result into the caption log.
// A failing segment is reported and skipped; it must not take the whole
// stream down, so panics from the recognizer or the rewriter are recovered.
func (s *Stream) handle(seg Segment) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("stream %s: segment %d: panic: %v", s.id, seg.Seq, p)
		}
	}()
	opts := &s.relay.opts
	ctx, cancel := context.WithTimeout(s.ctx, opts.recognizeTimeout)
	defer cancel()
	hyp, err := s.relay.rec.Recognize(ctx, seg)
	if err != nil {
		return fmt.Errorf("stream %s: segment %d: recognize: %w", s.id, seg.Seq, err)
	}
	if hyp.Confidence < opts.minConfidence || strings.TrimSpace(hyp.Text) == "" {
		return nil
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	s.merge(seg, hyp)
	return nil
}

// merge appends hyp to the open caption line, or starts a new line, and
// wakes the followers. The caller must hold s.mu for writing.
func (s *Stream) merge(seg Segment, hyp Hypothesis) {
	opts := &s.relay.opts
	n := len(s.captions)
	open := n > 0 && !s.captions[n-1].Final
	raw := strings.TrimSpace(hyp.Text)
	if open {
		raw = s.captions[n-1].raw + " " + raw
	}
	text := opts.rewrite(raw)

	if !open {
		s.captions = append(s.captions, Caption{Index: n, Start: seg.Start})
	}
	c := &s.captions[len(s.captions)-1]
	c.raw, c.Text = raw, text
	c.End = seg.Start + seg.Duration
	c.Final = hyp.Final || len(text) >= opts.maxLine

	close(s.changed)
	s.changed = make(chan struct{})
}

// Transcript returns the finished caption lines so far.
func (s *Stream) Transcript() []Caption {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]Caption, 0, len(s.captions))
	for _, c := range s.captions {
		if c.Final {
			out = append(out, c)
		}
	}
	return out
}

// Watch starts streaming captions to v, beginning with the lines already in
// the log. Delivery stops when the stream is closed or v fails.
func (s *Stream) Watch(v Viewer) {
	go s.follow(v)
}

func (s *Stream) follow(v Viewer) {
	next := 0 // first line not yet delivered in its final form
	closing := false
	for {
		s.mu.RLock()
		batch := append([]Caption(nil), s.captions[next:]...)
		changed := s.changed
		s.mu.RUnlock()

		if len(batch) > 0 {
			if err := s.deliver(v, batch); err != nil {
				s.relay.report(s.id, fmt.Errorf("viewer %s: %w", v.ID(), err))
				return
			}
			for _, c := range batch {
				if !c.Final {
					break
				}
				next++
			}
		}
		if closing {
			return
		}
		select {
		case <-changed:
		case <-s.ctx.Done():
			// One more pass so the viewer gets what arrived last.
			closing = true
		}
	}
}

func (s *Stream) deliver(v Viewer, batch []Caption) error {
	// Not derived from s.ctx: the final flush happens after it is cancelled.
	ctx, cancel := context.WithTimeout(context.Background(), s.relay.opts.sendTimeout)
	defer cancel()
	return v.Send(ctx, batch)
}

// Close stops recognition and detaches the viewers once they have received
// the last captions. Queued segments are dropped.
func (s *Stream) Close() {
	s.closeOnce.Do(func() {
		s.cancel()
		<-s.done
		s.relay.remove(s)
	})
}
