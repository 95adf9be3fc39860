package webhook

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestRemovedEndpointStopsReceiving(t *testing.T) {
	defer goleak.VerifyNone(t)

	var mu sync.Mutex
	got := map[string][]string{}
	send := func(ctx context.Context, url string, ev Event) error {
		if url == "https://flaky.example/hook" {
			return errors.New("503 service unavailable")
		}
		mu.Lock()
		got[url] = append(got[url], ev.ID)
		mu.Unlock()
		return nil
	}
	d := New(send, WithRetries(3, time.Millisecond), WithQueueSize(4))

	if err := d.AddEndpoint("billing", "https://billing.example/hook"); err != nil {
		t.Fatal(err)
	}
	if err := d.AddEndpoint("flaky", "https://flaky.example/hook"); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"billing", "flaky"} {
		if err := d.Enqueue(name, Event{ID: "evt-1", Type: "invoice.paid"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.RemoveEndpoint("flaky"); err != nil {
		t.Fatal(err)
	}
	if err := d.Enqueue("flaky", Event{ID: "evt-2"}); !errors.Is(err, ErrUnknownEndpoint) {
		t.Fatalf("enqueue after remove: got %v, want ErrUnknownEndpoint", err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if err := d.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if ids := got["https://billing.example/hook"]; len(ids) != 1 || ids[0] != "evt-1" {
		t.Fatalf("billing got %v", ids)
	}
}
