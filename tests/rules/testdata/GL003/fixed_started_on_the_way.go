package startedontheway

import "errors"

// run: c := &Client{}; _ = c.Connect(false); _ = c.Connect(true); c.Disconnect()

var errRefused = errors.New("client: refused")

// Client starts its reader at the end of a successful handshake; Disconnect stops it,
// also when the server kicks the client (an empty packet).
type Client struct {
	packets   chan []byte
	closeChan chan struct{}
	connected bool
}

func dial(ok bool) error {
	if !ok {
		return errRefused
	}
	return nil
}

func (c *Client) Connect(ok bool) error {
	if err := dial(ok); err != nil {
		return err // nothing started yet
	}
	c.packets = make(chan []byte, 8)
	c.closeChan = make(chan struct{})
	c.handshake()
	return nil
}

func (c *Client) handshake() {
	c.connected = true
	go c.read()
}

func (c *Client) read() {
	for {
		select {
		case p := <-c.packets:
			if len(p) == 0 {
				c.Disconnect()
			}
		case <-c.closeChan:
			return
		}
	}
}

func (c *Client) Disconnect() {
	if c.connected {
		c.connected = false
		close(c.closeChan)
	}
}
