package chat

import (
	"bufio"
	"errors"
	"net"
	"strings"
	"testing"
	"time"
)

type Client struct {
	sock net.Conn
	quit chan struct{}
}

func NewClient() *Client { return &Client{quit: make(chan struct{})} }

// Connect checks the address, dials, starts the keepalive and greets the server; a
// failed greeting returns with the keepalive running (until Quit).
func (c *Client) Connect(addr string) error {
	if addr == "" {
		return errors.New("empty address")
	}
	if strings.Count(addr, ":") != 1 {
		return errors.New("want host:port")
	}
	s, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return err
	}
	c.sock = s
	go c.keepalive()
	if _, err := bufio.NewReader(s).ReadString('\n'); err != nil {
		return err
	}
	return nil
}

func (c *Client) keepalive() {
	for {
		select {
		case <-time.After(30 * time.Second):
			_, _ = c.sock.Write([]byte("PING\r\n"))
		case <-c.quit:
			return
		}
	}
}

func (c *Client) Quit() { close(c.quit) }

// CONSTANT_INPUT_FAILS_VALIDATION: the test of a bad address expects Connect to fail,
// and Connect turns a bad address away before it starts the keepalive.
func TestConnectRejectsAddressWithoutPort(t *testing.T) {
	c := NewClient()
	err := c.Connect("chat.example.org")
	if err == nil {
		t.Fatal("an address without a port was accepted")
	}
}
