package webhook

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memDLQ struct {
	mu     sync.Mutex
	events []Event
}

func (q *memDLQ) Put(ctx context.Context, ev Event, cause error) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.events = append(q.events, ev)
	return nil
}

func TestFlakyMerchantIsRetriedAndGoneOneDeadLettered(t *testing.T) {
	defer goleak.VerifyNone(t)

	var mu sync.Mutex
	attempts := map[string]int{}
	send := func(ctx context.Context, ev Event) error {
		mu.Lock()
		defer mu.Unlock()
		attempts[ev.ID]++
		switch {
		case ev.Merchant == "gone":
			return &PermanentError{Err: errors.New("410 Gone")}
		case attempts[ev.ID] == 1:
			return errors.New("503 Service Unavailable")
		}
		return nil
	}
	dlq := &memDLQ{}
	r := New(send, dlq, 2, WithBackoff(Backoff{Base: time.Millisecond, Max: 10 * time.Millisecond, Attempts: 3}))

	for _, ev := range []Event{
		{ID: "evt_1", Merchant: "shop", Payload: []byte(`{"amount":100}`)},
		{ID: "evt_2", Merchant: "gone", Payload: []byte(`{"amount":250}`)},
	} {
		if err := r.Enqueue(ev); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(time.Second)
	for {
		mu.Lock()
		n := attempts["evt_1"]
		mu.Unlock()
		if n == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("evt_1 was never retried")
		}
		time.Sleep(time.Millisecond)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if err := r.Shutdown(ctx); err != nil {
		t.Errorf("shutdown: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if attempts["evt_1"] != 2 {
		t.Errorf("evt_1 attempted %d times, want 2", attempts["evt_1"])
	}
	if len(dlq.events) != 1 || dlq.events[0].ID != "evt_2" {
		t.Errorf("dead letters: %+v", dlq.events)
	}
}
