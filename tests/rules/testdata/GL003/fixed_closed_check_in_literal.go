package fixedclosedcheckinliteral

import (
	"net"
	"sync"
)

// Close decides under the lock whether it is the call that closes done, in a
// function literal run on the spot: the literal returns false only when done is
// already closed, so the early return of Close is the second call's, and the
// writer it started has already been told to stop.
type Service struct {
	mu      sync.Mutex
	wg      sync.WaitGroup
	conn    net.PacketConn
	packets chan []byte
	done    chan struct{}
	bytes   int
}

func (s *Service) Open(conn net.PacketConn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed() {
		return // already open
	}
	s.conn = conn
	s.done = make(chan struct{})
	s.packets = make(chan []byte)
	s.wg.Add(1)
	go s.writer()
}

func (s *Service) writer() {
	defer s.wg.Done()
	for {
		select {
		case p := <-s.packets:
			s.count(p)
		case <-s.done:
			return
		}
	}
}

func (s *Service) Close() error {
	if first := func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.closed() {
			return false
		}
		close(s.done)
		if s.conn != nil {
			s.conn.Close()
		}
		return true
	}(); !first {
		return nil
	}
	s.wg.Wait()
	s.mu.Lock()
	s.done = nil // closed() reports it closed: Open may start again
	s.mu.Unlock()
	return nil
}

func (s *Service) count(p []byte) {
	s.mu.Lock()
	s.bytes += len(p)
	s.mu.Unlock()
}

func (s *Service) closed() bool {
	select {
	case <-s.done:
		return true
	default:
	}
	return s.done == nil
}
