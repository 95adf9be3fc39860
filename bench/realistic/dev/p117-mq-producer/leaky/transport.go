package mqproducer

import (
	"context"
	"sync"
)

// Batch is a group of messages published together under one sequence number.
type Batch struct {
	Seq      uint64
	Messages []Message
}

// Ack confirms that the broker has stored a batch.
type Ack struct {
	Seq uint64
}

// Transport carries batches to a broker and acknowledgements back.
type Transport interface {
	Publish(ctx context.Context, b Batch) error
	// Acks delivers acknowledgements; it is closed when the transport closes.
	Acks() <-chan Ack
	Close() error
}

// MemTransport is an in-process broker connection, useful in tests and
// local development. PublishErr, if set, decides whether a publish fails.
type MemTransport struct {
	PublishErr func(Batch) error

	mu     sync.Mutex
	stored []Batch
	acks   chan Ack
	closed bool
}

// NewMemTransport returns a transport that acknowledges every stored batch.
func NewMemTransport() *MemTransport {
	return &MemTransport{acks: make(chan Ack, 16)}
}

// Publish stores b and queues its acknowledgement.
func (m *MemTransport) Publish(ctx context.Context, b Batch) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return ErrClosed
	}
	if m.PublishErr != nil {
		if err := m.PublishErr(b); err != nil {
			return err
		}
	}
	m.stored = append(m.stored, b)
	select {
	case m.acks <- Ack{Seq: b.Seq}:
	case <-ctx.Done():
		return ctx.Err()
	}
	return nil
}

// Acks implements Transport.
func (m *MemTransport) Acks() <-chan Ack { return m.acks }

// Stored returns the batches the broker has accepted.
func (m *MemTransport) Stored() []Batch {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Batch(nil), m.stored...)
}

// Close implements Transport.
func (m *MemTransport) Close() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.closed {
		m.closed = true
		close(m.acks)
	}
	return nil
}
