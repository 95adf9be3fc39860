package ircclientlog

import (
	"errors"
	"log"
	"net"
	"os"
	"testing"
	"time"
)

type Conn struct {
	Log  *log.Logger
	sock net.Conn
	end  chan struct{}
}

func New() *Conn {
	return &Conn{Log: log.New(os.Stdout, "", 0), end: make(chan struct{})}
}

func (c *Conn) Connect(server string) error {
	if c.Log == nil {
		return errors.New("'Log' points to nil")
	}
	s, err := net.Dial("tcp", server)
	if err != nil {
		return err
	}
	c.sock = s
	go c.pingLoop()
	return nil
}

func (c *Conn) pingLoop() {
	for {
		select {
		case <-time.After(time.Minute):
			_, _ = c.sock.Write([]byte("PING\r\n"))
		case <-c.end:
			return
		}
	}
}

func (c *Conn) Disconnect() { close(c.end) }

// The test sets Log to another logger: Connect goes past its nil check and starts
// pingLoop, which nobody disconnects.
func TestConnectWithStderrLog(t *testing.T) {
	c := New() // want "`Connect` starts goroutine `pingLoop`, which runs until `Disconnect` stops it; nothing calls `c.Disconnect\\(\\)` here, so it never stops"
	c.Log = log.New(os.Stderr, "", 0)
	_ = c.Connect("irc.example.org:6667")
}
