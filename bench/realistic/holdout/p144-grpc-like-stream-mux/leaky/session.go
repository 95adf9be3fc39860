// Package streammux multiplexes many bidirectional streams over a single
// connection, in the spirit of HTTP/2 framing: every stream has its own flow
// control window so that one slow reader cannot stall the others. As in
// gRPC, streams are always opened by the client end of the connection; a
// stream comes into existence on the server with its first frame.
package streammux

import (
	"errors"
	"fmt"
	"io"
	"sync"
)

var (
	// ErrSessionClosed is returned once the session has been closed locally.
	ErrSessionClosed = errors.New("streammux: session closed")
	// ErrProtocol reports a malformed or unexpected frame from the peer.
	ErrProtocol = errors.New("streammux: protocol error")
	// ErrStreamClosed is returned by operations on a stream closed locally.
	ErrStreamClosed = errors.New("streammux: stream closed")
	// ErrStreamReset is returned once the peer has reset a stream.
	ErrStreamReset = errors.New("streammux: stream reset")
)

// Config tunes a Session. Zero values select defaults.
type Config struct {
	// InitialWindow is the per-stream flow control window, in bytes.
	InitialWindow uint32
}

// Session multiplexes streams over one connection.
type Session struct {
	conn io.ReadWriteCloser
	cfg  Config
	wmu  sync.Mutex // serialises frame writes

	mu      sync.Mutex
	streams map[uint32]*Stream
	nextID  uint32
	closed  bool
	err     error
	done    chan struct{} // closed when readLoop returns
}

// NewSession starts the client end of a session over conn.
func NewSession(conn io.ReadWriteCloser, cfg Config) *Session {
	if cfg.InitialWindow == 0 {
		cfg.InitialWindow = 256 << 10
	}
	s := &Session{
		conn:    conn,
		cfg:     cfg,
		streams: make(map[uint32]*Stream),
		nextID:  1,
		done:    make(chan struct{}),
	}
	go s.readLoop()
	return s
}

// OpenStream opens a new outgoing stream.
func (s *Session) OpenStream() (*Stream, error) {
	s.mu.Lock()
	if s.closed {
		err := s.err
		s.mu.Unlock()
		return nil, err
	}
	id := s.nextID
	s.nextID += 2
	st := newStream(s, id)
	s.streams[id] = st
	s.mu.Unlock()
	return st, nil
}

// Close tears down every stream and the connection.
func (s *Session) Close() error {
	s.teardown(ErrSessionClosed)
	<-s.done
	return nil
}

func (s *Session) readLoop() {
	defer close(s.done)
	for {
		f, err := readFrame(s.conn)
		if err == nil {
			err = s.handle(f)
		}
		if err != nil {
			s.teardown(err)
			return
		}
	}
}

func (s *Session) handle(f frame) error {
	s.mu.Lock()
	st := s.streams[f.stream]
	s.mu.Unlock()
	if st == nil {
		// Frames may still be in flight for a stream we already closed.
		return nil
	}
	switch f.typ {
	case frameData:
		st.receive(f.payload)
	case frameWindowUpdate:
		st.addSendWindow(f.u32())
	case frameFin:
		st.remoteClosed()
	case frameReset:
		s.forget(st.id)
		st.fail(fmt.Errorf("%w by peer (code %d)", ErrStreamReset, f.u32()))
	default:
		return fmt.Errorf("%w: unknown frame type %d on stream %d", ErrProtocol, f.typ, f.stream)
	}
	return nil
}

func (s *Session) forget(id uint32) {
	s.mu.Lock()
	delete(s.streams, id)
	s.mu.Unlock()
}

func (s *Session) writeFrame(f frame) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if err := writeFrame(s.conn, f); err != nil {
		return fmt.Errorf("streammux: write frame type %d: %w", f.typ, err)
	}
	return nil
}

// teardown fails every open stream and closes the connection. Only the
// first call has an effect.
func (s *Session) teardown(err error) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	s.err = err
	streams := s.streams
	s.streams = make(map[uint32]*Stream)
	s.mu.Unlock()

	for _, st := range streams {
		st.fail(err)
		st.stopCredits()
	}
	_ = s.conn.Close()
}
