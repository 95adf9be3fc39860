package eventstream

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"sync"
)

// Stream is one open subscription. Read Events until it closes, then check Err.
type Stream struct {
	topic  string
	conn   net.Conn
	dec    *json.Decoder
	events chan Event
	cancel context.CancelFunc

	mu  sync.Mutex
	err error
}

// Events delivers the feed in order; it is closed when the stream ends.
func (s *Stream) Events() <-chan Event { return s.events }

// Err reports why the stream ended, nil for a clean end.
func (s *Stream) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

func (s *Stream) fail(err error) {
	if err == io.EOF {
		return
	}
	s.mu.Lock()
	if s.err == nil {
		s.err = err
	}
	s.mu.Unlock()
}

func (s *Stream) receive(ctx context.Context) {
	defer close(s.events)
	for {
		var ev Event
		if err := s.dec.Decode(&ev); err != nil { // leak: Close cancels ctx but leaves the connection open, so this read waits for a server that has nothing more to say
			s.fail(err)
			return
		}
		if ev.Topic != "" && ev.Topic != s.topic {
			continue
		}
		select {
		case s.events <- ev:
		case <-ctx.Done():
			return
		}
	}
}

// Close ends the subscription.
func (s *Stream) Close() error {
	s.cancel()
	return nil
}
