package connpool

import (
	"context"
	"errors"
	"sync"
)

// Conn is one connection to the backend.
type Conn interface {
	Exec(ctx context.Context, cmd string, args ...string) (string, error)
	Close() error
}

// Dialer opens new connections.
type Dialer func(ctx context.Context) (Conn, error)

// ErrClosed is returned by a closed Pool.
var ErrClosed = errors.New("connpool: pool closed")

// Pool bounds the number of open connections and keeps a warm spare ready.
type Pool struct {
	dial   Dialer
	slots  chan struct{} // one token per open connection
	idle   chan Conn
	refill chan struct{}
	quit   chan struct{}

	closeOnce sync.Once
}

// Option configures a Pool.
type Option func(*Pool)

// New returns a Pool that opens at most size connections.
func New(dial Dialer, size int, opts ...Option) *Pool {
	p := &Pool{
		dial:   dial,
		slots:  make(chan struct{}, size),
		idle:   make(chan Conn, size),
		refill: make(chan struct{}),
		quit:   make(chan struct{}),
	}
	for _, o := range opts {
		o(p)
	}
	go p.filler()
	return p
}

func (p *Pool) get(ctx context.Context) (Conn, error) {
	select {
	case c := <-p.idle:
		return c, nil
	default:
	}
	select {
	case c := <-p.idle:
		return c, nil
	case p.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-p.quit:
		return nil, ErrClosed
	}
	c, err := p.dial(ctx)
	if err != nil {
		<-p.slots
		return nil, err
	}
	return c, nil
}

func (p *Pool) put(c Conn) {
	select {
	case p.idle <- c:
	default:
		c.Close()
		<-p.slots
	}
}

// discard drops a broken connection and asks the filler for a replacement.
func (p *Pool) discard(c Conn) {
	c.Close()
	<-p.slots
	select {
	case p.refill <- struct{}{}:
	case <-p.quit:
	}
}

// filler opens a replacement connection whenever one was discarded, so the
// next caller does not pay for the dial.
func (p *Pool) filler() {
	for {
		select {
		case <-p.quit:
			return
		case <-p.refill:
		}
		p.slots <- struct{}{}
		c, err := p.dial(context.Background())
		if err != nil {
			<-p.slots
			continue
		}
		p.put(c)
	}
}

// Close stops the filler and closes idle connections.
func (p *Pool) Close() {
	p.closeOnce.Do(func() {
		close(p.quit)
		for {
			select {
			case c := <-p.idle:
				c.Close()
				<-p.slots
			default:
				return
			}
		}
	})
}
