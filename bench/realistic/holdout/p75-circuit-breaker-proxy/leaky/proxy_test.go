package proxy

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
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

// fakeUpstreams answers by host: "flaky" fails user traffic but reports
// healthy on its health endpoint, "stable" always succeeds.
type fakeUpstreams struct {
	probed chan string
}

func (f *fakeUpstreams) RoundTrip(r *http.Request) (*http.Response, error) {
	status := http.StatusOK
	switch {
	case r.URL.Path == "/healthz":
		f.probed <- r.URL.Host
	case r.URL.Host == "flaky.internal:8080":
		status = http.StatusBadGateway
	}
	return &http.Response{
		StatusCode: status,
		Status:     fmt.Sprintf("%d %s", status, http.StatusText(status)),
		Header:     http.Header{"X-Upstream": []string{r.URL.Host}},
		Body:       io.NopCloser(strings.NewReader("ok")),
		Request:    r,
	}, nil
}

func serve(p *Proxy) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	p.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "http://proxy/api/items", nil))
	return rec
}

func waitLog(t *testing.T, logs <-chan string, substr string) {
	t.Helper()
	timeout := time.After(time.Second)
	for {
		select {
		case line := <-logs:
			if strings.Contains(line, substr) {
				return
			}
		case <-timeout:
			t.Fatalf("no log line containing %q", substr)
		}
	}
}

func TestBreakerRecoversAndBackendIsReplaced(t *testing.T) {
	defer goleak.VerifyNone(t)

	clock := &fakeClock{now: time.Date(2023, 9, 1, 8, 0, 0, 0, time.UTC)}
	upstreams := &fakeUpstreams{probed: make(chan string, 1)}
	logs := make(chan string, 64)
	p := New(Config{
		Transport:        upstreams,
		FailureThreshold: 2,
		Cooldown:         10 * time.Second,
		Clock:            clock,
		Logf: func(format string, args ...interface{}) {
			select {
			case logs <- fmt.Sprintf(format, args...):
			default:
			}
		},
	})
	defer p.Close()

	if err := p.SetBackends([]BackendConfig{{Name: "flaky", URL: "http://flaky.internal:8080"}}); err != nil {
		t.Fatalf("SetBackends: %v", err)
	}
	for i := 0; i < 2; i++ {
		if rec := serve(p); rec.Code != http.StatusBadGateway {
			t.Fatalf("request %d: status %d, want 502", i, rec.Code)
		}
	}
	waitLog(t, logs, "breaker closed -> open")
	if rec := serve(p); rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("open breaker: status %d, want 503", rec.Code)
	}

	clock.Advance(11 * time.Second)
	if rec := serve(p); rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("half-open breaker: status %d, want 503", rec.Code)
	}
	if host := <-upstreams.probed; host != "flaky.internal:8080" {
		t.Fatalf("probed %s, want flaky.internal:8080", host)
	}
	waitLog(t, logs, "breaker half-open -> closed")

	// Operator reload: flaky is decommissioned in favour of stable.
	if err := p.SetBackends([]BackendConfig{{Name: "stable", URL: "http://stable.internal:8080"}}); err != nil {
		t.Fatalf("SetBackends: %v", err)
	}
	rec := serve(p)
	if rec.Code != http.StatusOK {
		t.Fatalf("after reload: status %d, want 200", rec.Code)
	}
	if got := rec.Header().Get("X-Upstream"); got != "stable.internal:8080" {
		t.Fatalf("served by %q, want stable.internal:8080", got)
	}
}
