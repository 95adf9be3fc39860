// Package mqproducer is a small client for publishing messages to a broker in
// batches. Messages are buffered until a batch is full or Flush is called, and
// the broker's acknowledgements are matched back to the batches they confirm.
package mqproducer

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// ErrClosed is returned by Send after Close has been called.
var ErrClosed = errors.New("mqproducer: producer closed")

// Message is one record to publish.
type Message struct {
	Key   string
	Value []byte
}

// Option configures a Producer.
type Option func(*Producer)

// WithBatchSize sets how many messages are buffered before a batch is
// published automatically.
func WithBatchSize(n int) Option {
	return func(p *Producer) {
		if n > 0 {
			p.batchSize = n
		}
	}
}

// WithAckHandler registers a callback invoked for every acknowledgement the
// broker sends. It runs on the producer's acknowledgement goroutine.
func WithAckHandler(fn func(Ack)) Option {
	return func(p *Producer) { p.onAck = fn }
}

// Producer batches messages and publishes them over a Transport. The producer
// owns the transport: Close closes it.
type Producer struct {
	tr        Transport
	batchSize int
	onAck     func(Ack)

	mu      sync.Mutex
	pending []Message
	nextSeq uint64
	closed  bool

	acks    ackTracker
	ackDone chan struct{}
}

// New returns a producer publishing over tr and starts reading its
// acknowledgements.
func New(tr Transport, opts ...Option) *Producer {
	p := &Producer{
		tr:        tr,
		batchSize: 100,
		ackDone:   make(chan struct{}),
	}
	for _, o := range opts {
		o(p)
	}
	p.acks.init()
	go p.readAcks()
	return p
}

// Send buffers msg, publishing the current batch if it is full.
func (p *Producer) Send(ctx context.Context, msg Message) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return ErrClosed
	}
	p.pending = append(p.pending, msg)
	if len(p.pending) < p.batchSize {
		return nil
	}
	return p.flushLocked(ctx)
}

// Flush publishes whatever is buffered.
func (p *Producer) Flush(ctx context.Context) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.flushLocked(ctx)
}

func (p *Producer) flushLocked(ctx context.Context) error {
	if len(p.pending) == 0 {
		return nil
	}
	p.nextSeq++
	b := Batch{Seq: p.nextSeq, Messages: p.pending}
	if err := p.tr.Publish(ctx, b); err != nil {
		// Keep the messages so that a later Flush can retry them.
		p.nextSeq--
		return fmt.Errorf("publish batch %d: %w", b.Seq, err)
	}
	p.acks.expect(b.Seq, len(b.Messages))
	p.pending = nil
	return nil
}

// Close publishes buffered messages, closes the transport and waits for the
// acknowledgement reader to finish.
func (p *Producer) Close(ctx context.Context) error {
	p.mu.Lock()
	p.closed = true
	err := p.flushLocked(ctx)
	p.mu.Unlock()
	if err != nil {
		return fmt.Errorf("mqproducer: final flush: %w", err)
	}
	err = p.tr.Close()
	<-p.ackDone
	return err
}
