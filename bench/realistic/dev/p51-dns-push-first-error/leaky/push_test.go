package dnspush

import (
	"context"
	"errors"
	"testing"

	"go.uber.org/goleak"
)

var errThrottled = errors.New("rate limited")

type throttled struct{}

func (throttled) Name() string { return "route53" }
func (throttled) Apply(ctx context.Context, zone string, changes []Change) error {
	return errThrottled
}

// slow accepts nothing until its push is cancelled.
type slow struct{}

func (slow) Name() string { return "cloudflare" }
func (slow) Apply(ctx context.Context, zone string, changes []Change) error {
	<-ctx.Done()
	return ctx.Err()
}

func TestPushFailsFastOnThrottledProvider(t *testing.T) {
	defer goleak.VerifyNone(t)
	p := New([]Provider{throttled{}, slow{}})
	err := p.Push(context.Background(), "example.com.", []Change{
		{Action: "UPSERT", Name: "www.example.com.", Type: "A", TTL: 300, Value: "203.0.113.7"},
	})
	if !errors.Is(err, errThrottled) {
		t.Fatalf("Push: got %v, want the throttling error", err)
	}
	if n := p.Applied("cloudflare"); n != 0 {
		t.Fatalf("cloudflare applied %d change sets", n)
	}
}
