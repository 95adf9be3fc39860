// Package linesrv serves a line-oriented TCP protocol and shuts down
// gracefully: it stops accepting, lets open connections finish within a grace
// period, and then closes whatever is left.
package linesrv

import (
	"bufio"
	"errors"
	"net"
	"strings"
	"sync"
	"time"
)

// ErrServerClosed is returned by Serve after Shutdown.
var ErrServerClosed = errors.New("linesrv: server closed")

// ErrForced is returned by Shutdown when connections had to be cut.
var ErrForced = errors.New("linesrv: grace period elapsed, connections closed")

// Handler answers one request line.
type Handler func(line string) string

// Option configures a Server.
type Option func(*Server)

// WithGrace sets how long Shutdown lets connections finish.
func WithGrace(d time.Duration) Option { return func(s *Server) { s.grace = d } }

// WithLogf sends diagnostics to logf.
func WithLogf(logf func(string, ...any)) Option { return func(s *Server) { s.logf = logf } }

// Server serves one Handler.
type Server struct {
	handler Handler
	grace   time.Duration
	logf    func(string, ...any)

	mu       sync.Mutex
	ln       net.Listener
	conns    map[net.Conn]struct{}
	closing  bool
	idle     chan struct{} // closed when closing and the last connection ends
	idleOnce sync.Once
}

// New makes a server for h.
func New(h Handler, opts ...Option) *Server {
	s := &Server{
		handler: h,
		grace:   10 * time.Second,
		logf:    func(string, ...any) {},
		conns:   make(map[net.Conn]struct{}),
		idle:    make(chan struct{}),
	}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Serve accepts connections on ln until Shutdown.
func (s *Server) Serve(ln net.Listener) error {
	s.mu.Lock()
	s.ln = ln
	s.mu.Unlock()
	for {
		c, err := ln.Accept()
		if err != nil {
			s.mu.Lock()
			closing := s.closing
			s.mu.Unlock()
			if closing {
				return ErrServerClosed
			}
			return err
		}
		if !s.track(c) {
			c.Close()
			continue
		}
		go s.serveConn(c)
	}
}

func (s *Server) track(c net.Conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return false
	}
	s.conns[c] = struct{}{}
	return true
}

func (s *Server) untrack(c net.Conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.conns, c)
	if s.closing && len(s.conns) == 0 {
		s.idleOnce.Do(func() { close(s.idle) })
	}
}

func (s *Server) serveConn(c net.Conn) {
	defer s.untrack(c)
	defer c.Close()
	sc := bufio.NewScanner(c)
	w := bufio.NewWriter(c)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "QUIT" {
			return
		}
		w.WriteString(s.handler(line) + "\n")
		if err := w.Flush(); err != nil {
			return
		}
	}
}

// ActiveConns reports how many connections are open.
func (s *Server) ActiveConns() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.conns)
}
