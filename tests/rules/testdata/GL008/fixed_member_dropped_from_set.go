package memberdropped

type client struct {
	send chan string
}

func (c *client) writePump() {
	for msg := range c.send {
		_ = msg
	}
}

// Hub fans messages out to its clients from one goroutine.
type Hub struct {
	join    chan *client
	leave   chan *client
	publish chan string
	quit    chan struct{}
	done    chan struct{}
}

func NewHub() *Hub {
	h := &Hub{
		join:    make(chan *client),
		leave:   make(chan *client),
		publish: make(chan string),
		quit:    make(chan struct{}),
		done:    make(chan struct{}),
	}
	go h.run()
	return h
}

// Join adds a client and starts its writer.
func (h *Hub) Join() *client {
	c := &client{send: make(chan string, 8)}
	go c.writePump()
	h.join <- c
	return c
}

// Leave removes a client.
func (h *Hub) Leave(c *client) { h.leave <- c }

// Publish sends msg to every client.
func (h *Hub) Publish(msg string) { h.publish <- msg }

// Close stops the hub and every client still joined.
func (h *Hub) Close() {
	close(h.quit)
	<-h.done
}

func (h *Hub) run() {
	defer close(h.done)
	clients := make(map[*client]bool)
	for {
		select {
		case c := <-h.join:
			clients[c] = true
		case c := <-h.leave:
			if clients[c] {
				delete(clients, c)
				close(c.send)
			}
		case msg := <-h.publish:
			for c := range clients {
				select {
				case c.send <- msg:
				default:
					delete(clients, c)
					close(c.send)
				}
			}
		case <-h.quit:
			for c := range clients {
				close(c.send)
			}
			return
		}
	}
}
