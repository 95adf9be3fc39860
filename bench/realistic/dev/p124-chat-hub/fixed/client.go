package chat

import (
	"context"
	"time"
)

// Message is one chat line.
type Message struct {
	Room string
	From string
	Text string
	At   time.Time
}

// Conn is the connection to one participant, for example a websocket.
type Conn interface {
	WriteMessage(ctx context.Context, m Message) error
	Close() error
}

// Client is a participant in one room. Messages for it are buffered and
// written to its connection by a dedicated goroutine, so a slow reader never
// holds up the room.
type Client struct {
	Name string
	room string
	conn Conn

	send         chan Message
	done         chan struct{}
	writeTimeout time.Duration
}

func newClient(name, room string, conn Conn, buffer int, writeTimeout time.Duration) *Client {
	c := &Client{
		Name:         name,
		room:         room,
		conn:         conn,
		send:         make(chan Message, buffer),
		done:         make(chan struct{}),
		writeTimeout: writeTimeout,
	}
	go c.writeLoop()
	return c
}

// Room returns the room the client joined.
func (c *Client) Room() string { return c.room }

// Done is closed once the client's connection has been closed.
func (c *Client) Done() <-chan struct{} { return c.done }

func (c *Client) writeLoop() {
	defer close(c.done)
	defer c.conn.Close()
	for m := range c.send {
		ctx, cancel := context.WithTimeout(context.Background(), c.writeTimeout)
		err := c.conn.WriteMessage(ctx, m)
		cancel()
		if err != nil {
			return
		}
	}
}
