package sampling

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeTicker struct{ c chan time.Time }

func (f fakeTicker) C() <-chan time.Time { return f.c }
func (f fakeTicker) Stop()               {}

type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	ticks chan time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	return c.now
}

func (c *fakeClock) NewTicker(time.Duration) Ticker { return fakeTicker{c.ticks} }

type forwarded struct {
	tenant string
	n      int
}

type fakeUpstream struct{ got chan forwarded }

func (u *fakeUpstream) Forward(_ context.Context, tenant string, recs []Record) error {
	u.got <- forwarded{tenant, len(recs)}
	return nil
}

func batch(tenant string, n int) Batch {
	b := Batch{Tenant: tenant}
	for i := 0; i < n; i++ {
		b.Records = append(b.Records, Record{
			Level:   LevelInfo,
			Message: fmt.Sprintf("request %d served", i),
		})
	}
	return b
}

func TestIdleTenantIsEvicted(t *testing.T) {
	defer goleak.VerifyNone(t)

	clk := &fakeClock{now: time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC), ticks: make(chan time.Time)}
	up := &fakeUpstream{got: make(chan forwarded, 16)}
	p, err := New(Config{
		Upstream:      up,
		DefaultPolicy: Policy{Rate: 1, KeepLevel: LevelWarn},
		IdleTimeout:   5 * time.Minute,
		SweepInterval: time.Minute,
		Clock:         clk,
	})
	if err != nil {
		t.Fatal(err)
	}

	if err := p.Ingest(batch("acme", 3)); err != nil {
		t.Fatal(err)
	}
	if f := <-up.got; f.tenant != "acme" || f.n != 3 {
		t.Fatalf("forwarded %+v, want 3 records for acme", f)
	}

	// acme goes quiet; a sweep after the idle timeout evicts it.
	clk.ticks <- clk.Advance(10 * time.Minute)
	// The janitor is back in its select once it accepts the next tick.
	clk.ticks <- clk.Advance(time.Minute)

	if n := p.Tenants(); n != 0 {
		t.Errorf("live tenants after sweep = %d, want 0", n)
	}
	if st := p.Stats(); st.Evicted != 1 || st.Received != 3 {
		t.Errorf("stats = %+v, want 1 eviction and 3 received", st)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
}
