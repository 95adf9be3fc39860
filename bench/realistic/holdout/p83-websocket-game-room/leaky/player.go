package gameroom

import (
	"fmt"
	"sync"
	"sync/atomic"
)

// client is an outbound message queue drained by a writer goroutine, so a
// slow connection never stalls the tick loop.
type client struct {
	conn     Conn
	out      chan Message
	stopOnce sync.Once
	dropped  atomic.Int64
}

func newClient(conn Conn, queue int) *client {
	return &client{conn: conn, out: make(chan Message, queue)}
}

// enqueue queues m without blocking. Callers must hold the room lock so that
// enqueue never races with stop.
func (c *client) enqueue(m Message) {
	select {
	case c.out <- m:
	default:
		c.dropped.Add(1)
	}
}

// stop ends the writer and closes the connection. Callers must hold the room
// lock.
func (c *client) stop() {
	c.stopOnce.Do(func() {
		close(c.out)
		c.conn.Close()
	})
}

func (c *client) writeLoop() {
	for m := range c.out {
		if err := c.conn.WriteJSON(m); err != nil {
			c.conn.Close()
			for range c.out {
				// Keep draining until the room stops us.
			}
			return
		}
	}
}

// player is a client that also sends inputs.
type player struct {
	id      string
	conn    Conn
	out     *client
	inputs  chan Input
	flooded atomic.Int64 // inputs dropped because the queue was full
}

// Join admits a player, sends them the current state and starts reading their
// inputs.
func (r *Room) Join(id string, conn Conn) error {
	p, welcome, err := r.admit(id, conn)
	if err != nil {
		return err
	}
	// The welcome message is written before the writer starts so that it is
	// always the first message the client sees.
	if err := conn.WriteJSON(welcome); err != nil {
		r.remove(p)
		return fmt.Errorf("gameroom: welcome %s: %w", id, err)
	}
	go p.out.writeLoop()
	go r.readLoop(p)
	return nil
}

// admit registers the player under the room lock.
func (r *Room) admit(id string, conn Conn) (*player, Message, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil, Message{}, ErrRoomClosed
	}
	if _, ok := r.players[id]; ok {
		return nil, Message{}, fmt.Errorf("%w: %s", ErrDuplicateName, id)
	}
	if len(r.players) >= r.cfg.MaxPlayers {
		return nil, Message{}, ErrRoomFull
	}
	p := &player{
		id:     id,
		conn:   conn,
		out:    newClient(conn, r.cfg.OutboundQueue),
		inputs: make(chan Input, r.cfg.InputQueue),
	}
	r.players[id] = p
	r.order = append(r.order, id)
	r.sessions.Add(1)
	return p, Message{Type: "welcome", Player: id, State: r.last}, nil
}

// remove takes p out of the room and disconnects it. It is safe to call more
// than once.
func (r *Room) remove(p *player) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.players[p.id] != p {
		return
	}
	delete(r.players, p.id)
	for i, id := range r.order {
		if id == p.id {
			r.order = append(r.order[:i], r.order[i+1:]...)
			break
		}
	}
	p.out.stop()
}

// readLoop queues the player's inputs until the connection fails.
func (r *Room) readLoop(p *player) {
	defer r.sessions.Done()
	defer r.remove(p)
	for {
		var in Input
		if err := p.conn.ReadJSON(&in); err != nil {
			return
		}
		in.Player = p.id
		select {
		case p.inputs <- in:
		default:
			// Queue full: the client is sending faster than we tick.
			p.flooded.Add(1)
		}
	}
}
