package push

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type recordingGateway struct {
	mu   sync.Mutex
	sent []Notification
}

func (g *recordingGateway) Deliver(ctx context.Context, n Notification) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.sent = append(g.sent, n)
	return nil
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestCloseWhileDeviceThrottled(t *testing.T) {
	defer goleak.VerifyNone(t)

	gw := &recordingGateway{}
	var mu sync.Mutex
	var dropped []error
	s := NewSender(gw,
		WithWorkers(1),
		WithDeviceLimit(1, time.Hour),
		WithErrorHandler(func(_ Notification, err error) {
			mu.Lock()
			dropped = append(dropped, err)
			mu.Unlock()
		}),
	)

	ctx := context.Background()
	for _, title := range []string{"Goal!", "Half time"} {
		if err := s.Enqueue(ctx, Notification{DeviceToken: "dev-1", Title: title}); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, "first delivery and second throttled", func() bool {
		st := s.Stats()
		return st.Delivered == 1 && st.Throttled == 1
	})

	closeCtx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	if err := s.Close(closeCtx); err != nil {
		t.Logf("close: %v", err)
		return
	}
	mu.Lock()
	defer mu.Unlock()
	if len(dropped) != 1 || !errors.Is(dropped[0], ErrClosed) {
		t.Errorf("dropped = %v, want one ErrClosed", dropped)
	}
}
