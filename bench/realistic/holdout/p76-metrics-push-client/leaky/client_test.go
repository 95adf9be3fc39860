package push

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type pushRecord struct {
	job     string
	payload string
}

// fakeGateway fails the first push of every job listed in flaky with a 503
// and accepts everything else.
type fakeGateway struct {
	mu     sync.Mutex
	flaky  map[string]bool
	pushes chan pushRecord
}

func (g *fakeGateway) Push(_ context.Context, job string, payload []byte) error {
	g.mu.Lock()
	fail := g.flaky[job]
	delete(g.flaky, job)
	g.mu.Unlock()
	if fail {
		return &StatusError{Code: 503, Body: "gateway overloaded"}
	}
	g.pushes <- pushRecord{job: job, payload: string(payload)}
	return nil
}

// instantClock fires every timer immediately and records the delays asked for.
type instantClock struct {
	mu     sync.Mutex
	delays []time.Duration
}

func (c *instantClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	c.delays = append(c.delays, d)
	c.mu.Unlock()
	ch := make(chan time.Time, 1)
	ch <- time.Time{}
	return ch
}

func receivePushes(t *testing.T, gw *fakeGateway, n int) map[string]string {
	t.Helper()
	got := make(map[string]string)
	for i := 0; i < n; i++ {
		select {
		case r := <-gw.pushes:
			got[r.job] = r.payload
		case <-time.After(time.Second):
			t.Fatalf("received %d of %d pushes", i, n)
		}
	}
	return got
}

func TestFlushPushesChangedJobs(t *testing.T) {
	defer goleak.VerifyNone(t)

	gw := &fakeGateway{flaky: map[string]bool{"api": true}, pushes: make(chan pushRecord, 8)}
	clock := &instantClock{}
	c, err := NewClient(gw, Options{
		FlushTimeout:   100 * time.Millisecond,
		InitialBackoff: 50 * time.Millisecond,
		Clock:          clock,
		Logf:           t.Logf,
	})
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}

	ctx := context.Background()
	if err := c.Add("api", "requests_total", map[string]string{"code": "200"}, 3); err != nil {
		t.Fatal(err)
	}
	if err := c.Set("worker", "queue_depth", nil, 7); err != nil {
		t.Fatal(err)
	}
	if err := c.Flush(ctx); err != nil {
		t.Fatalf("first Flush: %v", err)
	}
	got := receivePushes(t, gw, 2)
	if want := "requests_total{code=\"200\"} 3\n"; got["api"] != want {
		t.Errorf("api payload = %q, want %q", got["api"], want)
	}
	if want := "queue_depth 7\n"; got["worker"] != want {
		t.Errorf("worker payload = %q, want %q", got["worker"], want)
	}
	clock.mu.Lock()
	if len(clock.delays) != 1 || clock.delays[0] != 50*time.Millisecond {
		t.Errorf("backoff delays = %v, want [50ms]", clock.delays)
	}
	clock.mu.Unlock()

	// Only the api job changes before the next flush.
	if err := c.Add("api", "requests_total", map[string]string{"code": "200"}, 1); err != nil {
		t.Fatal(err)
	}
	if err := c.Flush(ctx); err != nil {
		t.Logf("second Flush: %v", err)
	}
	got = receivePushes(t, gw, 1)
	if want := "requests_total{code=\"200\"} 4\n"; got["api"] != want {
		t.Errorf("api payload = %q, want %q", got["api"], want)
	}
	if !strings.Contains(got["api"], "requests_total") || len(got) != 1 {
		t.Errorf("second flush pushed %v, want only api", got)
	}
}
