package stub

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

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// fakeUpstream answers from a fixed table, or always fails with err.
type fakeUpstream struct {
	name    string
	answers map[Question]*Response
	err     error

	mu    sync.Mutex
	calls map[Question]int
}

func newFakeUpstream(name string, answers map[Question]*Response) *fakeUpstream {
	return &fakeUpstream{name: name, answers: answers, calls: make(map[Question]int)}
}

func (u *fakeUpstream) Name() string { return u.name }

func (u *fakeUpstream) Exchange(ctx context.Context, q Question) (*Response, error) {
	u.mu.Lock()
	u.calls[q]++
	u.mu.Unlock()
	if u.err != nil {
		return nil, u.err
	}
	if resp, ok := u.answers[q]; ok {
		cp := *resp
		return &cp, nil
	}
	return &Response{Rcode: RcodeNXDomain, NegativeTTL: 3600}, nil
}

func (u *fakeUpstream) callsFor(q Question) int {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.calls[q]
}

func TestResolveRoutesCachesAndPrefetches(t *testing.T) {
	defer goleak.VerifyNone(t)

	www := Question{Name: "www.example.com.", Type: TypeA}
	git := Question{Name: "git.corp.example.", Type: TypeA}
	nope := Question{Name: "nope.corp.example.", Type: TypeA}

	broken := newFakeUpstream("192.0.2.53", nil)
	broken.err = errors.New("read udp 192.0.2.53:53: i/o timeout")
	public := newFakeUpstream("198.51.100.53", map[Question]*Response{
		www: {Answers: []Record{{Name: www.Name, Type: TypeA, TTL: 300, Data: "93.184.216.34"}}},
	})
	corp := newFakeUpstream("10.0.0.53", map[Question]*Response{
		git: {Answers: []Record{{Name: git.Name, Type: TypeA, TTL: 60, Data: "10.1.2.3"}}},
	})
	clock := &fakeClock{now: time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)}

	r, err := New(
		WithUpstream(broken),
		WithUpstream(public),
		WithUpstream(corp, "Corp.Example"),
		WithClock(clock),
		WithTimeout(time.Second),
		WithMaxNegativeTTL(time.Minute),
		WithPrefetch(0.1),
	)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	// A public name is raced across the general upstreams; the broken one
	// loses to the working one.
	resp, err := r.Resolve(ctx, Question{Name: "WWW.Example.com", Type: TypeA})
	if err != nil {
		t.Fatalf("resolve www: %v", err)
	}
	if resp.Upstream != public.name || len(resp.Answers) != 1 || resp.Answers[0].Data != "93.184.216.34" {
		t.Fatalf("www answer = %+v", resp)
	}

	// An internal name goes only to the corporate resolver.
	resp, err = r.Resolve(ctx, git)
	if err != nil {
		t.Fatalf("resolve git: %v", err)
	}
	if resp.Upstream != corp.name {
		t.Fatalf("git answered by %s, want %s", resp.Upstream, corp.name)
	}
	if n := public.callsFor(git); n != 0 {
		t.Errorf("internal name sent to public upstream %d times", n)
	}

	// NXDOMAIN is cached, but no longer than the configured maximum.
	for i := 0; i < 2; i++ {
		resp, err = r.Resolve(ctx, nope)
		if err != nil || resp.Rcode != RcodeNXDomain {
			t.Fatalf("resolve nope: %+v, %v", resp, err)
		}
	}
	if n := corp.callsFor(nope); n != 1 {
		t.Errorf("corp asked for nope %d times, want 1 (negative cache)", n)
	}
	clock.advance(61 * time.Second)
	if _, err := r.Resolve(ctx, nope); err != nil {
		t.Fatalf("resolve nope after expiry: %v", err)
	}
	if n := corp.callsFor(nope); n != 2 {
		t.Errorf("corp asked for nope %d times, want 2 after negative TTL expiry", n)
	}

	// Close to the end of www's TTL a hit is served from the cache and
	// refreshed in the background.
	clock.advance(220 * time.Second)
	if _, err := r.Resolve(ctx, www); err != nil {
		t.Fatalf("resolve www near expiry: %v", err)
	}
	r.Close()
	if n := public.callsFor(www); n != 2 {
		t.Errorf("public asked for www %d times, want 2 (initial + prefetch)", n)
	}
}
