package consumer

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeBroker struct {
	mu        sync.Mutex
	log       map[int32][]string
	committed map[int32]int64
	commits   int
}

func newFakeBroker(log map[int32][]string) *fakeBroker {
	return &fakeBroker{log: log, committed: make(map[int32]int64)}
}

func (b *fakeBroker) Fetch(ctx context.Context, topic string, p int32, offset, max int64) ([]Message, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []Message
	for off := offset; off < int64(len(b.log[p])) && int64(len(out)) < max; off++ {
		out = append(out, Message{Topic: topic, Partition: p, Offset: off, Value: []byte(b.log[p][off])})
	}
	return out, nil
}

func (b *fakeBroker) Committed(ctx context.Context, group, topic string, p int32) (int64, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.committed[p], nil
}

func (b *fakeBroker) Commit(ctx context.Context, group, topic string, offsets map[int32]int64) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	for p, off := range offsets {
		b.committed[p] = off
	}
	b.commits++
	return nil
}

func (b *fakeBroker) committedOffset(p int32) int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.committed[p]
}

type fakeCoordinator struct {
	assignments chan Assignment
}

func (c *fakeCoordinator) Join(ctx context.Context, group, topic string) (<-chan Assignment, error) {
	return c.assignments, nil
}

type recorder struct {
	mu   sync.Mutex
	seen map[int32][]string
}

func (r *recorder) Handle(ctx context.Context, m Message) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.seen == nil {
		r.seen = make(map[int32][]string)
	}
	r.seen[m.Partition] = append(r.seen[m.Partition], string(m.Value))
	return nil
}

func (r *recorder) partition(p int32) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.seen[p]...)
}

func TestRebalanceMovesPartitionAway(t *testing.T) {
	defer goleak.VerifyNone(t)

	broker := newFakeBroker(map[int32][]string{
		0: {"order-1", "order-2", "order-3"},
		1: {"order-4", "order-5"},
	})
	coord := &fakeCoordinator{assignments: make(chan Assignment)}
	rec := &recorder{}
	c, err := New(Config{
		Group:          "billing",
		Topic:          "orders",
		PollInterval:   time.Hour,
		CommitInterval: time.Hour,
	}, broker, coord, rec)
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	errc := make(chan error, 1)
	go func() { errc <- c.Run(context.Background()) }()

	coord.assignments <- Assignment{Generation: 1, Partitions: []int32{0, 1}}
	// Another member joined and took partition 1.
	coord.assignments <- Assignment{Generation: 2, Partitions: []int32{0}}
	// The member leaves the group.
	close(coord.assignments)

	if err := <-errc; err != nil {
		t.Fatalf("Run: %v", err)
	}
	if got := rec.partition(0); len(got) != 3 {
		t.Errorf("partition 0: handled %v, want all 3 messages", got)
	}
	if off := broker.committedOffset(0); off != 3 {
		t.Errorf("partition 0: committed offset %d, want 3", off)
	}
}
