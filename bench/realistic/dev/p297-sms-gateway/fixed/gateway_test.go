package sms

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeCarrier struct {
	name      string
	submitted chan Message
	receipts  chan CarrierReceipt

	mu  sync.Mutex
	seq int
}

func newFakeCarrier(name string) *fakeCarrier {
	return &fakeCarrier{
		name:      name,
		submitted: make(chan Message, 16),
		receipts:  make(chan CarrierReceipt),
	}
}

func (f *fakeCarrier) Name() string { return f.name }

func (f *fakeCarrier) Submit(ctx context.Context, msg Message) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	f.mu.Lock()
	f.seq++
	ref := fmt.Sprintf("%s-%04d", f.name, f.seq)
	f.mu.Unlock()
	f.submitted <- msg
	return ref, nil
}

func (f *fakeCarrier) Receipts() <-chan CarrierReceipt { return f.receipts }

type fakeClock struct{}

// NewTicker returns a ticker that never fires, so the throttle window never
// rolls over during the test.
func (fakeClock) NewTicker(time.Duration) (<-chan time.Time, func()) {
	return make(chan time.Time), func() {}
}

func TestCloseWithThrottledBacklog(t *testing.T) {
	defer goleak.VerifyNone(t)

	carrier := newFakeCarrier("acme")
	gw, err := New([]Carrier{carrier}, Config{
		Routes:         map[string]string{"+44": "acme"},
		DefaultRoute:   "acme",
		ThrottleLimit:  1,
		ThrottleWindow: time.Second,
		Clock:          fakeClock{},
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	ctx := context.Background()
	first, err := gw.Submit(ctx, Message{From: "ACME", To: "+15550100", Body: "Your code is 1234"})
	if err != nil {
		t.Fatalf("Submit first: %v", err)
	}
	if _, err := gw.Submit(ctx, Message{From: "ACME", To: "+15550101", Body: "Your code is 5678"}); err != nil {
		t.Fatalf("Submit second: %v", err)
	}

	// The first message fits in the current window; the second has to wait
	// for the next one.
	got := <-carrier.submitted
	if got.ID != first {
		t.Fatalf("carrier got %q first, want %q", got.ID, first)
	}

	if err := gw.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if _, err := gw.Submit(ctx, Message{To: "+15550102", Body: "late"}); !errors.Is(err, ErrClosed) {
		t.Fatalf("Submit after Close: got %v, want ErrClosed", err)
	}
}
