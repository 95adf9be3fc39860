package notify

// client is the hub's side of one subscriber connection.
type client struct {
	hub    *Hub
	conn   Conn
	topics map[string]bool
	send   chan []byte
}

func newClient(h *Hub, conn Conn, topics []string) *client {
	c := &client{
		hub:    h,
		conn:   conn,
		topics: make(map[string]bool, len(topics)),
		send:   make(chan []byte, h.sendBuffer),
	}
	for _, t := range topics {
		c.topics[t] = true
	}
	return c
}

// readPump watches the connection for the peer going away. Subscribers only
// send keep-alives, which are ignored.
func (c *client) readPump() {
	defer func() {
		select {
		case c.hub.unregister <- c:
		case <-c.hub.done:
		}
		c.conn.Close()
	}()
	for {
		if _, err := c.conn.ReadMessage(); err != nil {
			return
		}
	}
}

// writePump writes queued notifications to the connection until the hub
// closes the send queue.
func (c *client) writePump() {
	defer c.conn.Close()
	for msg := range c.send {
		if err := c.conn.WriteMessage(msg); err != nil {
			return
		}
	}
}
