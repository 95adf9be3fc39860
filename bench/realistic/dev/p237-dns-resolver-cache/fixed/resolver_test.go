package dnscache

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// fakeUpstream answers every A question with a single record, except for
// names marked as failing, and reports each question it receives on calls.
type fakeUpstream struct {
	mu      sync.Mutex
	failing map[string]bool
	calls   chan string
}

func newFakeUpstream() *fakeUpstream {
	return &fakeUpstream{failing: make(map[string]bool), calls: make(chan string, 16)}
}

func (u *fakeUpstream) Addr() string { return "192.0.2.53:53" }

func (u *fakeUpstream) Exchange(ctx context.Context, q Question) (*Response, error) {
	u.mu.Lock()
	fail := u.failing[q.Name]
	u.mu.Unlock()
	u.calls <- q.Name
	if fail {
		return nil, errors.New("read udp 192.0.2.53:53: i/o timeout")
	}
	return &Response{
		Rcode:   RcodeSuccess,
		Answers: []Record{{Name: q.Name, Type: q.Type, TTL: 100 * time.Second, Data: "198.51.100.7"}},
	}, nil
}

func (u *fakeUpstream) fail(name string) {
	u.mu.Lock()
	u.failing[name] = true
	u.mu.Unlock()
}

func (u *fakeUpstream) expectCall(t *testing.T, name string) {
	t.Helper()
	select {
	case got := <-u.calls:
		if got != name {
			t.Fatalf("upstream asked for %q, want %q", got, name)
		}
	case <-time.After(time.Second):
		t.Fatalf("upstream was not asked for %q", name)
	}
}

func TestPrefetchAfterFailedRefresh(t *testing.T) {
	defer goleak.VerifyNone(t)

	clock := &fakeClock{now: time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)}
	up := newFakeUpstream()
	r, err := New([]Upstream{up},
		WithClock(clock),
		WithPrefetch(0.1, 1),
		WithLogger(func(string, ...any) {}),
	)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	ctx := context.Background()

	for _, name := range []string{"api.example.com", "cdn.example.com"} {
		if _, err := r.Lookup(ctx, name, TypeA); err != nil {
			t.Fatalf("Lookup(%s): %v", name, err)
		}
		up.expectCall(t, name+".")
	}

	// Both entries are now within the last 10% of their TTL.
	clock.Advance(95 * time.Second)
	up.fail("api.example.com.")

	rrs, err := r.Lookup(ctx, "api.example.com", TypeA)
	if err != nil {
		t.Fatalf("cached Lookup: %v", err)
	}
	if len(rrs) != 1 || rrs[0].TTL != 5*time.Second {
		t.Fatalf("cached Lookup = %+v, want one record with 5s left", rrs)
	}
	// The background refresh reaches the upstream, which times out; the
	// cached answer stays in place.
	up.expectCall(t, "api.example.com.")

	if _, err := r.Lookup(ctx, "cdn.example.com", TypeA); err != nil {
		t.Fatalf("cached Lookup: %v", err)
	}
}
