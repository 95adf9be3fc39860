package mqproducer

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"
)

var errBrokerDown = errors.New("broker unavailable")

func TestCloseReportsFailedFinalFlush(t *testing.T) {
	defer goleak.VerifyNone(t)

	tr := NewMemTransport()
	p := New(tr, WithBatchSize(3))
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()

	for _, k := range []string{"a", "b", "c"} {
		if err := p.Send(ctx, Message{Key: k, Value: []byte(k)}); err != nil {
			t.Fatalf("send %s: %v", k, err)
		}
	}
	if got := len(tr.Stored()); got != 1 {
		t.Fatalf("stored batches = %d, want 1", got)
	}

	// The broker goes away before the last partial batch is flushed.
	tr.PublishErr = func(Batch) error { return errBrokerDown }
	if err := p.Send(ctx, Message{Key: "d"}); err != nil {
		t.Fatalf("send d: %v", err)
	}
	err := p.Close(ctx)
	if !errors.Is(err, errBrokerDown) {
		t.Fatalf("Close error = %v, want %v", err, errBrokerDown)
	}
	if err := p.Send(ctx, Message{Key: "e"}); !errors.Is(err, ErrClosed) {
		t.Fatalf("Send after Close = %v, want ErrClosed", err)
	}
}
