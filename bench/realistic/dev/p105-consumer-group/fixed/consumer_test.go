package consumer

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestRedeliversAfterHandlerError(t *testing.T) {
	defer goleak.VerifyNone(t)

	b := NewBroker()
	b.CreateTopic("orders", 2)
	for i := 0; i < 3; i++ {
		for p := 0; p < 2; p++ {
			if _, err := b.Produce("orders", p, []byte(fmt.Sprintf("order-%d-%d", p, i))); err != nil {
				t.Fatal(err)
			}
		}
	}

	var mu sync.Mutex
	failed := map[string]bool{}
	handler := func(ctx context.Context, m Message) error {
		mu.Lock()
		defer mu.Unlock()
		key := string(m.Value)
		if m.Offset == 1 && !failed[key] {
			failed[key] = true
			return errors.New("downstream unavailable")
		}
		return nil
	}

	c := NewConsumer(b, "orders", handler, WithRetryDelay(time.Millisecond))
	c.Rebalance([]int{0, 1})
	deadline := time.Now().Add(time.Second)
	for c.Committed(0) < b.End("orders", 0) || c.Committed(1) < b.End("orders", 1) {
		if time.Now().After(deadline) {
			t.Fatalf("committed %d and %d", c.Committed(0), c.Committed(1))
		}
		time.Sleep(time.Millisecond)
	}
	c.Rebalance([]int{1})
	c.Close()
}
