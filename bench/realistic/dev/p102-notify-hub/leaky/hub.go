// Package notify fans notifications out to connected subscribers, websocket
// style: one hub goroutine owns the set of clients, and every client has its
// own write pump so that a slow connection never blocks the others.
package notify

import "strings"

// Notification is one message for the subscribers of a topic.
type Notification struct {
	Topic string
	Body  string
}

// Option configures a Hub.
type Option func(*Hub)

// WithSendBuffer sets how many notifications may queue for one client before
// it is considered too slow and dropped.
func WithSendBuffer(n int) Option {
	return func(h *Hub) { h.sendBuffer = n }
}

// Hub tracks connected clients and delivers notifications to them.
type Hub struct {
	sendBuffer int

	register   chan *client
	unregister chan *client
	publish    chan Notification
	count      chan chan int
	quit       chan struct{}
	done       chan struct{}
}

// NewHub starts a hub.
func NewHub(opts ...Option) *Hub {
	h := &Hub{
		sendBuffer: 32,
		register:   make(chan *client),
		unregister: make(chan *client),
		publish:    make(chan Notification),
		count:      make(chan chan int),
		quit:       make(chan struct{}),
		done:       make(chan struct{}),
	}
	for _, o := range opts {
		o(h)
	}
	go h.run()
	return h
}

// Serve attaches conn to the hub, subscribed to the given topics, and returns
// at once. The connection is served until it fails or the hub is closed.
func (h *Hub) Serve(conn Conn, topics ...string) {
	c := newClient(h, conn, topics)
	select {
	case h.register <- c:
	case <-h.done:
		conn.Close()
		return
	}
	go c.writePump()
	go c.readPump()
}

// Publish delivers a notification to every client subscribed to its topic.
func (h *Hub) Publish(topic, body string) {
	select {
	case h.publish <- Notification{Topic: topic, Body: body}:
	case <-h.done:
	}
}

// Clients returns the number of connected clients.
func (h *Hub) Clients() int {
	reply := make(chan int, 1)
	select {
	case h.count <- reply:
		return <-reply
	case <-h.done:
		return 0
	}
}

// Close disconnects every client and stops the hub.
func (h *Hub) Close() {
	select {
	case <-h.quit:
	default:
		close(h.quit)
	}
	<-h.done
}

func (h *Hub) run() {
	defer close(h.done)
	clients := make(map[*client]struct{})
	for {
		select {
		case c := <-h.register:
			clients[c] = struct{}{}
		case c := <-h.unregister:
			delete(clients, c)
		case n := <-h.publish:
			msg := []byte(n.Topic + " " + n.Body)
			for c := range clients {
				if !c.topics[n.Topic] && !c.topics[strings.SplitN(n.Topic, ".", 2)[0]+".*"] {
					continue
				}
				select {
				case c.send <- msg:
				default:
					delete(clients, c)
					close(c.send)
				}
			}
		case reply := <-h.count:
			reply <- len(clients)
		case <-h.quit:
			for c := range clients {
				close(c.send)
			}
			return
		}
	}
}
