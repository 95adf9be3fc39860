package signaling

import (
	"context"
	"sync"
	"time"
)

// peer is one connected client as seen by the server. Outbound messages are
// queued on out and written to the transport by a dedicated goroutine so that
// a slow client never blocks the goroutine relaying to it.
type peer struct {
	id           string
	conn         Conn
	writeTimeout time.Duration
	logf         func(format string, args ...interface{})

	mu     sync.Mutex // guards closed and sends on out
	closed bool
	out    chan Message

	done chan struct{} // closed when writeLoop returns
}

func newPeer(id string, conn Conn, o options) *peer {
	return &peer{
		id:           id,
		conn:         conn,
		writeTimeout: o.writeTimeout,
		logf:         o.logf,
		out:          make(chan Message, o.sendQueue),
		done:         make(chan struct{}),
	}
}

// start launches the writer goroutine.
func (p *peer) start() {
	go p.writeLoop()
}

// enqueue queues m for delivery without blocking. It reports ErrQueueFull if
// the client is not keeping up and ErrSessionClosed once the peer has left.
func (p *peer) enqueue(m Message) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return ErrSessionClosed
	}
	select {
	case p.out <- m:
		return nil
	default:
		return ErrQueueFull
	}
}

// close stops accepting messages. Messages already queued are still written.
func (p *peer) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.closed {
		p.closed = true
		close(p.out)
	}
}

func (p *peer) writeLoop() {
	defer close(p.done)
	broken := false
	for m := range p.out { // leak: queue of a replaced peer is never closed
		if broken {
			continue // keep draining so enqueue never sees a stale full queue
		}
		ctx, cancel := context.WithTimeout(context.Background(), p.writeTimeout)
		err := p.conn.Send(ctx, m)
		cancel()
		if err != nil {
			p.logf("signaling: write to %s: %v", p.id, err)
			broken = true
		}
	}
}
