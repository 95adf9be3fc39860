package dnscache

import (
	"context"
	"errors"
	"net/netip"
	"testing"
	"time"

	"go.uber.org/goleak"
)

var errServFail = errors.New("SERVFAIL")

type fakeUpstream struct {
	started chan string
	release chan struct{}
}

func (f *fakeUpstream) Exchange(ctx context.Context, name string) (Answer, error) {
	switch name {
	case "cdn.example.":
		return Answer{Addrs: []netip.Addr{netip.MustParseAddr("192.0.2.10")}, TTL: time.Minute}, nil
	case "flaky.example.":
		f.started <- name
		select {
		case <-f.release:
			return Answer{}, errServFail
		case <-ctx.Done():
			return Answer{}, ctx.Err()
		}
	}
	return Answer{}, nil
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(500 * time.Millisecond)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached")
		}
		time.Sleep(time.Millisecond)
	}
}

func TestPrefetchAfterUpstreamFailure(t *testing.T) {
	defer goleak.VerifyNone(t)

	up := &fakeUpstream{started: make(chan string, 1), release: make(chan struct{})}
	r := New(up, WithMaxInflight(1), WithPrefetchWindow(time.Hour), WithPrefetchTimeout(100*time.Millisecond))
	ctx := context.Background()

	if _, err := r.Lookup(ctx, "cdn.example"); err != nil {
		t.Fatalf("first lookup: %v", err)
	}

	errc := make(chan error, 1)
	go func() {
		_, err := r.Lookup(ctx, "flaky.example")
		errc <- err
	}()
	<-up.started

	// A cache hit inside the prefetch window refreshes in the background;
	// the only upstream slot is busy, so the refresh has to wait for it.
	if _, err := r.Lookup(ctx, "cdn.example"); err != nil {
		t.Fatalf("cached lookup: %v", err)
	}
	waitFor(t, func() bool { return r.Stats().Waiting == 1 })

	close(up.release)
	if err := <-errc; !errors.Is(err, errServFail) {
		t.Fatalf("flaky lookup: got %v, want SERVFAIL", err)
	}
}
