package translate

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// gatedBackend reports each batch it receives and answers only once the
// test opens the gate.
type gatedBackend struct {
	received chan BatchRequest
	gate     chan struct{}
}

func (b *gatedBackend) TranslateBatch(ctx context.Context, req BatchRequest) ([]string, error) {
	b.received <- req
	select {
	case <-b.gate:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	out := make([]string, len(req.Texts))
	for i, t := range req.Texts {
		out[i] = "[" + req.Target + "] " + strings.ToUpper(t)
	}
	return out, nil
}

func TestCallerGivesUpWhileBatchInFlight(t *testing.T) {
	defer goleak.VerifyNone(t)

	be := &gatedBackend{received: make(chan BatchRequest, 4), gate: make(chan struct{})}
	c, err := New(Config{Backend: be, MaxDelay: time.Millisecond})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	defer c.Close()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errc := make(chan error, 1)
	go func() {
		_, err := c.Translate(ctx, "guten morgen", "de", "en")
		errc <- err
	}()

	req := <-be.received
	if len(req.Texts) != 1 || req.Target != "en" {
		t.Fatalf("unexpected batch %+v", req)
	}
	// The caller's request is cancelled while its batch is being translated.
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("Translate returned %v, want context.Canceled", err)
	}
	close(be.gate)

	// Later callers are unaffected.
	got, err := c.Translate(context.Background(), "danke", "de", "en")
	<-be.received
	if err != nil {
		t.Fatalf("Translate: %v", err)
	}
	if got != "[en] DANKE" {
		t.Fatalf("Translate = %q", got)
	}
}
