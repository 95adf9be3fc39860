package consumer

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

type fakeBroker struct {
	mu        sync.Mutex
	pending   map[int][]Message
	committed map[int]int64
	commits   []string
}

func newFakeBroker() *fakeBroker {
	return &fakeBroker{pending: make(map[int][]Message), committed: make(map[int]int64)}
}

func (b *fakeBroker) produce(topic string, partition int, from int64, n int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for i := 0; i < n; i++ {
		off := from + int64(i)
		b.pending[partition] = append(b.pending[partition], Message{
			Topic:     topic,
			Partition: partition,
			Offset:    off,
			Value:     []byte(fmt.Sprintf("order-%d", off)),
		})
	}
}

func (b *fakeBroker) Fetch(ctx context.Context, topic string, partition int, offset int64, max int) ([]Message, error) {
	b.mu.Lock()
	var batch []Message
	for _, m := range b.pending[partition] {
		if m.Offset >= offset && len(batch) < max {
			batch = append(batch, m)
		}
	}
	b.pending[partition] = nil
	b.mu.Unlock()
	if len(batch) > 0 {
		return batch, nil
	}
	<-ctx.Done()
	return nil, ctx.Err()
}

func (b *fakeBroker) Committed(ctx context.Context, group, topic string, partition int) (int64, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if off, ok := b.committed[partition]; ok {
		return off, nil
	}
	return -1, nil
}

func (b *fakeBroker) Commit(ctx context.Context, group, topic string, partition int, offset int64) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.committed[partition] = offset
	b.commits = append(b.commits, fmt.Sprintf("%s/%s/%d@%d", group, topic, partition, offset))
	return nil
}

func TestRebalanceMovesBusyPartition(t *testing.T) {
	defer goleak.VerifyNone(t)

	broker := newFakeBroker()
	broker.committed[0] = 100
	broker.produce("orders", 0, 100, 8)

	inHandler := make(chan Message, 1)
	h := HandlerFunc(func(ctx context.Context, m Message) error {
		if m.Partition == 0 && m.Offset == 100 {
			inHandler <- m
			<-ctx.Done()
			return ctx.Err()
		}
		return nil
	})

	g, err := New(broker, h, Config{Group: "billing", Topic: "orders", Prefetch: 1})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	if err := g.Rebalance(ctx, []int{0}); err != nil {
		t.Fatalf("first rebalance: %v", err)
	}
	if m := <-inHandler; m.Offset != 100 {
		t.Fatalf("handler got offset %d, want 100", m.Offset)
	}

	// The coordinator moves partition 0 to another member while its first
	// message is still being handled.
	if err := g.Rebalance(ctx, []int{1}); err != nil {
		t.Fatalf("second rebalance: %v", err)
	}
	if got := g.Assigned(); len(got) != 1 || got[0] != 1 {
		t.Fatalf("assigned = %v, want [1]", got)
	}

	broker.mu.Lock()
	if off := broker.committed[0]; off != 100 {
		t.Errorf("partition 0 committed at %d, want 100 (interrupted message must be redelivered)", off)
	}
	broker.mu.Unlock()

	if err := g.Close(ctx); err != nil {
		t.Fatalf("close: %v", err)
	}
}
