package ircclient

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

// FIELD_SET_BEFORE_START: the test sets Log to nil, and Connect returns on a nil Log
// before it starts pingLoop: nothing is left to stop.
func TestConnectWithoutLog(t *testing.T) {
	c := New()
	c.Log = nil
	err := c.Connect("irc.example.org:6667")
	t.Log(err)
}
