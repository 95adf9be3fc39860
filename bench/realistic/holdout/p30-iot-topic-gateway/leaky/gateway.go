package gateway

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
)

// Command is a control frame sent by a device.
type Command struct {
	Op     string // "sub" or "unsub"
	Filter string
}

// Conn is the gateway's view of one connected device.
type Conn interface {
	ID() string
	// Recv returns the next command from the device, or io.EOF once the
	// device has disconnected.
	Recv() (Command, error)
	// Send writes a message down to the device.
	Send(Message) error
}

// Gateway serves device connections against a broker.
type Gateway struct {
	broker *Broker
	buffer int
	logger *log.Logger
}

// Option configures a Gateway.
type Option func(*Gateway)

// WithBuffer sets how many messages may queue per subscription.
func WithBuffer(n int) Option { return func(g *Gateway) { g.buffer = n } }

// WithLogger sets where delivery errors are reported.
func WithLogger(l *log.Logger) Option { return func(g *Gateway) { g.logger = l } }

// New returns a Gateway that routes through b.
func New(b *Broker, opts ...Option) *Gateway {
	g := &Gateway{broker: b, buffer: 16, logger: log.New(io.Discard, "", 0)}
	for _, o := range opts {
		o(g)
	}
	return g
}

// session is the per-connection state of Serve.
type session struct {
	g    *Gateway
	conn Conn
	send sync.Mutex // serialises Send across forwarders
	subs map[string]*Subscription
}

// Serve handles one device until it disconnects or ctx is done. All of the
// device's subscriptions are cancelled before Serve returns.
func (g *Gateway) Serve(ctx context.Context, conn Conn) error {
	s := &session{g: g, conn: conn, subs: make(map[string]*Subscription)}
	defer s.unsubscribeAll()

	cmds := make(chan Command)
	errc := make(chan error, 1)
	go func() {
		for {
			c, err := conn.Recv()
			if err != nil {
				errc <- err
				return
			}
			select {
			case cmds <- c:
			case <-ctx.Done():
				return
			}
		}
	}()

	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case err := <-errc:
			if errors.Is(err, io.EOF) {
				return nil
			}
			return fmt.Errorf("gateway: device %s: %w", conn.ID(), err)
		case c := <-cmds:
			if err := s.apply(c); err != nil {
				return fmt.Errorf("gateway: device %s: %w", conn.ID(), err)
			}
		}
	}
}

func (s *session) apply(c Command) error {
	switch c.Op {
	case "sub":
		if _, ok := s.subs[c.Filter]; ok {
			return nil
		}
		sub := s.g.broker.Subscribe(c.Filter, s.g.buffer)
		s.subs[c.Filter] = sub
		go s.forward(sub)
	case "unsub":
		if sub, ok := s.subs[c.Filter]; ok {
			s.g.broker.Unsubscribe(sub)
			delete(s.subs, c.Filter)
		}
	default:
		return fmt.Errorf("unknown command %q", c.Op)
	}
	return nil
}

// forward copies one subscription's messages to the device.
func (s *session) forward(sub *Subscription) {
	for m := range sub.C() { // leak: Unsubscribe removes the subscription but never closes its channel, so this range never ends
		s.send.Lock()
		err := s.conn.Send(m)
		s.send.Unlock()
		if err != nil {
			s.g.logger.Printf("device %s: send %s: %v", s.conn.ID(), m.Topic, err)
		}
	}
}

func (s *session) unsubscribeAll() {
	for f, sub := range s.subs {
		s.g.broker.Unsubscribe(sub)
		delete(s.subs, f)
	}
}
