package adminsrv

import (
	"context"
	"errors"
	"net"
	"sync"
)

// Handler answers one command line and returns the reply line.
type Handler func(cmd string, args []string) string

// ErrServerClosed is returned by Serve after Shutdown.
var ErrServerClosed = errors.New("adminsrv: server closed")

// Server is a tiny line-oriented admin endpoint (PING, STATS, ...) that can
// listen on several addresses at once, e.g. loopback TCP and a unix socket.
type Server struct {
	handle Handler

	mu        sync.Mutex
	listeners []net.Listener
	conns     map[net.Conn]struct{}
	closed    bool
	done      chan struct{}
	wg        sync.WaitGroup
}

// New returns a Server dispatching to h.
func New(h Handler) *Server {
	return &Server{handle: h, conns: map[net.Conn]struct{}{}, done: make(chan struct{})}
}

// Start listens on every address and serves them in the background.
func (s *Server) Start(network string, addrs ...string) ([]net.Addr, error) {
	var ls []net.Listener
	for _, a := range addrs {
		l, err := net.Listen(network, a)
		if err != nil {
			for _, l := range ls {
				l.Close()
			}
			return nil, err
		}
		ls = append(ls, l)
	}
	out := make([]net.Addr, len(ls))
	for i, l := range ls {
		out[i] = l.Addr()
	}
	go s.Serve(ls...)
	return out, nil
}

// Serve accepts connections on all listeners until Shutdown.
func (s *Server) Serve(ls ...net.Listener) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return ErrServerClosed
	}
	s.listeners = append(s.listeners, ls...)
	for _, l := range ls {
		s.wg.Add(1)
		go s.acceptLoop(l)
	}
	s.mu.Unlock()
	<-s.done
	return ErrServerClosed
}

// Shutdown closes the listeners and open connections and waits for the
// connection handlers to return.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	if !s.closed {
		s.closed = true
		close(s.done)
		for _, l := range s.listeners {
			l.Close()
		}
		for c := range s.conns {
			c.Close()
		}
	}
	s.mu.Unlock()

	finished := make(chan struct{})
	go func() {
		s.wg.Wait()
		close(finished)
	}()
	select {
	case <-finished:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
