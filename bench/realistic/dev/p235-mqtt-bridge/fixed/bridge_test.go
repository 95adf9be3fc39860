package bridge

import (
	"context"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

type fakeSource struct {
	msgs chan Message

	mu     sync.Mutex
	acked  []uint16
	closed bool
}

func (s *fakeSource) Subscribe(ctx context.Context, filters []string, qos byte) (<-chan Message, error) {
	return s.msgs, nil
}

func (s *fakeSource) Publish(ctx context.Context, m Message) error { return nil }

func (s *fakeSource) Ack(ctx context.Context, id uint16) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.acked = append(s.acked, id)
	return nil
}

func (s *fakeSource) Acks() <-chan uint16 { return nil }

func (s *fakeSource) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	return nil
}

// fakeDest records what is published and never acknowledges anything, as a
// destination broker that has stalled would.
type fakeDest struct {
	published chan Message
	acks      chan uint16
	closeOnce sync.Once
}

func (d *fakeDest) Subscribe(ctx context.Context, filters []string, qos byte) (<-chan Message, error) {
	return nil, nil
}

func (d *fakeDest) Publish(ctx context.Context, m Message) error {
	d.published <- m
	return nil
}

func (d *fakeDest) Ack(ctx context.Context, id uint16) error { return nil }

func (d *fakeDest) Acks() <-chan uint16 { return d.acks }

func (d *fakeDest) Close() error {
	d.closeOnce.Do(func() { close(d.acks) })
	return nil
}

type fakeDialer struct{ conn Conn }

func (f fakeDialer) Dial(ctx context.Context) (Conn, error) { return f.conn, nil }

type fakeMetrics struct {
	nopMetrics
	full chan int
}

func (m *fakeMetrics) Backpressure(inflight int) {
	select {
	case m.full <- inflight:
	default:
	}
}

func TestCloseWhileDestinationStalled(t *testing.T) {
	defer goleak.VerifyNone(t)

	src := &fakeSource{msgs: make(chan Message)}
	dst := &fakeDest{published: make(chan Message, 4), acks: make(chan uint16)}
	metrics := &fakeMetrics{full: make(chan int, 1)}

	b, err := New(src, fakeDialer{conn: dst}, Config{
		Filters:     []string{"sensors/#"},
		TopicPrefix: "site-a/",
		MaxInflight: 1,
		Metrics:     metrics,
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if err := b.Start(context.Background()); err != nil {
		t.Fatalf("Start: %v", err)
	}

	src.msgs <- Message{Topic: "sensors/t1", Payload: []byte("21.5"), QoS: AtLeastOnce, PacketID: 7}
	got := <-dst.published
	if got.Topic != "site-a/sensors/t1" || got.QoS != AtLeastOnce {
		t.Fatalf("published %+v", got)
	}
	if n := <-metrics.full; n != 1 {
		t.Fatalf("backpressure at %d inflight, want 1", n)
	}

	if err := b.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	src.mu.Lock()
	defer src.mu.Unlock()
	if len(src.acked) != 0 {
		t.Fatalf("source acked %v although destination never acknowledged", src.acked)
	}
	if !src.closed {
		t.Fatal("source connection not closed")
	}
}
