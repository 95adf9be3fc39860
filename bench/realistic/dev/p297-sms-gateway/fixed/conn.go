package sms

import (
	"context"
	"fmt"
	"sync"
)

// queueSize is how many accepted messages may wait for each carrier.
const queueSize = 64

// conn is the gateway side of one carrier connection: a queue of messages,
// a dispatcher that submits them within the carrier's throttle, and a loop
// that turns carrier receipts into gateway receipts.
type conn struct {
	name      string
	carrier   Carrier
	queue     chan Message
	throttle  *throttle // nil when unthrottled
	onReceipt func(Receipt)
	onError   func(Message, error)

	ctx    context.Context
	cancel context.CancelFunc

	mu       sync.Mutex
	inflight map[string]string // carrier ref -> message ID
}

func newConn(c Carrier, cfg *Config) *conn {
	ctx, cancel := context.WithCancel(context.Background())
	cn := &conn{
		name:      c.Name(),
		carrier:   c,
		queue:     make(chan Message, queueSize),
		onReceipt: cfg.OnReceipt,
		onError:   cfg.OnError,
		ctx:       ctx,
		cancel:    cancel,
		inflight:  make(map[string]string),
	}
	if cfg.ThrottleLimit > 0 {
		cn.throttle = newThrottle(cfg.ThrottleLimit, cfg.ThrottleWindow, cfg.Clock)
	}
	return cn
}

func (c *conn) start() {
	if c.throttle != nil {
		c.throttle.start()
	}
	go c.dispatch()
	go c.receipts()
}

// dispatch submits queued messages until the queue is closed.
func (c *conn) dispatch() {
	for msg := range c.queue {
		if err := c.send(msg); err != nil && c.onError != nil {
			c.onError(msg, err)
		}
	}
}

func (c *conn) send(msg Message) error {
	if c.throttle != nil {
		if err := c.throttle.take(segments(msg.Body)); err != nil {
			return fmt.Errorf("sms: %s via %s: %w", msg.ID, c.name, err)
		}
	}
	ref, err := c.carrier.Submit(c.ctx, msg)
	if err != nil {
		return fmt.Errorf("sms: submit %s to %s: %w", msg.ID, c.name, err)
	}
	c.mu.Lock()
	c.inflight[ref] = msg.ID
	c.mu.Unlock()
	return nil
}

// receipts forwards delivery reports until the carrier closes its receipt
// channel or the connection is closed.
func (c *conn) receipts() {
	for {
		select {
		case r, ok := <-c.carrier.Receipts():
			if !ok {
				return
			}
			c.deliver(r)
		case <-c.ctx.Done():
			return
		}
	}
}

func (c *conn) deliver(r CarrierReceipt) {
	c.mu.Lock()
	id, ok := c.inflight[r.Ref]
	delete(c.inflight, r.Ref)
	c.mu.Unlock()
	// Receipts for messages sent before a restart cannot be correlated.
	if ok && c.onReceipt != nil {
		c.onReceipt(Receipt{MessageID: id, Carrier: c.name, CarrierReceipt: r})
	}
}

// close stops the connection. The dispatcher drains what is left in the
// queue; submissions still in flight are cancelled.
func (c *conn) close() {
	c.cancel()
	close(c.queue)
	if c.throttle != nil {
		c.throttle.stop()
	}
}
