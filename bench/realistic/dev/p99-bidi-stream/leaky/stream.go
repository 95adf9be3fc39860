package bidi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
)

// ErrClosed is returned by Send after Close.
var ErrClosed = errors.New("bidi: stream closed")

// Option configures a Stream.
type Option func(*Stream)

// WithBuffer sets how many messages may wait in each direction.
func WithBuffer(n int) Option {
	return func(s *Stream) { s.buffer = n }
}

// WithMaxFrame limits the size of a received message.
func WithMaxFrame(n int) Option {
	return func(s *Stream) { s.maxFrame = n }
}

// Stream is a bidirectional message stream over a Transport.
type Stream struct {
	t        Transport
	buffer   int
	maxFrame int

	sendq    chan Message
	recvq    chan Message
	done     chan struct{} // closed by Close
	sendDone chan struct{} // closed when sendLoop has returned

	mu      sync.Mutex
	sendErr error
	recvErr error

	closeOnce sync.Once
}

// NewStream starts the send and receive pumps on t.
func NewStream(t Transport, opts ...Option) *Stream {
	s := &Stream{t: t, buffer: 16, maxFrame: 4 << 20}
	for _, o := range opts {
		o(s)
	}
	s.sendq = make(chan Message, s.buffer)
	s.recvq = make(chan Message, s.buffer)
	s.done = make(chan struct{})
	s.sendDone = make(chan struct{})
	go s.sendLoop()
	go s.recvLoop()
	return s
}

// Send queues m for the peer. It blocks only while the send buffer is full.
func (s *Stream) Send(ctx context.Context, m Message) error {
	select {
	case <-s.done:
		return ErrClosed
	default:
	}
	select {
	case s.sendq <- m:
		return nil
	case <-s.done:
		return ErrClosed
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Recv returns the next message from the peer, or io.EOF once the peer has
// finished sending.
func (s *Stream) Recv(ctx context.Context) (Message, error) {
	select {
	case m, ok := <-s.recvq:
		if !ok {
			s.mu.Lock()
			defer s.mu.Unlock()
			return Message{}, s.recvErr
		}
		return m, nil
	case <-ctx.Done():
		return Message{}, ctx.Err()
	}
}

// Close flushes queued messages, tells the peer that nothing more is coming,
// and releases the stream. It returns the first send error, if any.
func (s *Stream) Close() error {
	s.closeOnce.Do(func() {
		close(s.done)
		<-s.sendDone
	})
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sendErr
}

func (s *Stream) sendLoop() {
	defer close(s.sendDone)
	defer s.t.CloseWrite()
	for {
		select {
		case m := <-s.sendq:
			if !s.write(m) {
				return
			}
		case <-s.done:
			for {
				select {
				case m := <-s.sendq:
					if !s.write(m) {
						return
					}
				default:
					return
				}
			}
		}
	}
}

func (s *Stream) write(m Message) bool {
	if err := writeFrame(s.t, m); err != nil {
		s.mu.Lock()
		s.sendErr = fmt.Errorf("bidi: send %s: %w", m.Method, err)
		s.mu.Unlock()
		return false
	}
	return true
}

func (s *Stream) recvLoop() {
	defer close(s.recvq)
	for {
		m, err := readFrame(s.t, s.maxFrame)
		if err != nil {
			if !errors.Is(err, io.EOF) {
				err = fmt.Errorf("bidi: recv: %w", err)
			}
			s.mu.Lock()
			s.recvErr = err
			s.mu.Unlock()
			return
		}
		select {
		case s.recvq <- m:
		case <-s.done:
			return
		}
	}
}
