// Package outbox sends transactional mail in the background: callers enqueue a
// message and go on; a few workers hand messages to the transport, and messages
// the transport refuses are kept in a spool to be retried by the next run.
package outbox

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Errors returned by Enqueue.
var (
	ErrClosed    = errors.New("outbox: closed")
	ErrQueueFull = errors.New("outbox: queue full")
)

// Message is one mail.
type Message struct {
	To      string
	Subject string
	Body    string
}

// Transport delivers mail, e.g. over SMTP.
type Transport interface {
	Send(ctx context.Context, m Message) error
}

// Spool keeps messages that could not be delivered.
type Spool interface {
	Add(m Message, reason error)
	Flush() error // makes what was added durable
}

// Config tunes a Mailer.
type Config struct {
	Workers     int
	QueueSize   int
	SendTimeout time.Duration
}

func (c *Config) defaults() {
	if c.Workers <= 0 {
		c.Workers = 2
	}
	if c.QueueSize <= 0 {
		c.QueueSize = 64
	}
	if c.SendTimeout <= 0 {
		c.SendTimeout = 30 * time.Second
	}
}

// Mailer is the outbox.
type Mailer struct {
	cfg       Config
	transport Transport
	spool     Spool

	mu     sync.Mutex
	closed bool
	jobs   chan Message
	wg     sync.WaitGroup
	stats  Stats
}

// Stats counts what the workers did.
type Stats struct {
	Sent, Spooled int
}

// New starts a Mailer's workers.
func New(t Transport, s Spool, cfg Config) *Mailer {
	cfg.defaults()
	m := &Mailer{cfg: cfg, transport: t, spool: s, jobs: make(chan Message, cfg.QueueSize)}
	m.wg.Add(cfg.Workers)
	for i := 0; i < cfg.Workers; i++ {
		go m.worker()
	}
	return m
}

// Enqueue queues a message without waiting for it to be sent.
func (m *Mailer) Enqueue(msg Message) error {
	if msg.To == "" {
		return fmt.Errorf("outbox: message %q has no recipient", msg.Subject)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return ErrClosed
	}
	select {
	case m.jobs <- msg:
		return nil
	default:
		return ErrQueueFull
	}
}

// Stats returns what has been done so far.
func (m *Mailer) Stats() Stats {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.stats
}
