package chat

import (
	"bufio"
	"net"
	"testing"
	"time"
)

type Session struct {
	sock net.Conn
	quit chan struct{}
}

func NewSession() *Session { return &Session{quit: make(chan struct{})} }

// Open checks nothing before it dials and starts the keepalive: its only errors come
// after the goroutine runs.
func (s *Session) Open(addr string) error {
	go s.keepalive()
	conn, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return err
	}
	s.sock = conn
	if _, err := bufio.NewReader(conn).ReadString('\n'); err != nil {
		return err
	}
	return nil
}

func (s *Session) keepalive() {
	for {
		select {
		case <-time.After(30 * time.Second):
			if s.sock != nil {
				_, _ = s.sock.Write([]byte("PING\r\n"))
			}
		case <-s.quit:
			return
		}
	}
}

func (s *Session) Close() { close(s.quit) }

// The closed port makes Open fail, but only after it started the keepalive, which
// nothing stops.
func TestOpenFailsOnClosedPort(t *testing.T) {
	s := NewSession() // want "`Open` starts goroutine `keepalive`"
	err := s.Open("127.0.0.1:1")
	if err == nil {
		t.Fatal("a closed port was reached")
	}
}
