package purge

import (
	"context"
	"reflect"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// fakeEdge acknowledges after delay, or fails with ctx.Err if the purge is
// abandoned first.
type fakeEdge struct {
	name  string
	delay time.Duration
}

func (e fakeEdge) Name() string { return e.name }

func (e fakeEdge) Invalidate(ctx context.Context, paths []string) error {
	t := time.NewTimer(e.delay)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func TestPurgeReturnsAfterFirstAck(t *testing.T) {
	defer goleak.VerifyNone(t)

	edges := []Edge{
		fakeEdge{name: "fra1", delay: 0},
		fakeEdge{name: "sin1", delay: time.Hour},
		fakeEdge{name: "gru1", delay: time.Hour},
	}
	p, err := New(edges, WithMinAcks(1), WithRetries(0, time.Millisecond), WithTimeout(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.Purge(context.Background(), "/assets/app.js", "/index.html")
	if err != nil {
		t.Fatalf("purge: %v", err)
	}
	if want := []string{"fra1"}; !reflect.DeepEqual(res.Acked, want) {
		t.Errorf("acked = %v, want %v", res.Acked, want)
	}
}
