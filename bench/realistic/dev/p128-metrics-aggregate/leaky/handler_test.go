package exporter

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func staticTarget(name string, samples ...Sample) Target {
	return Target{Name: name, Scrape: func(context.Context) ([]Sample, error) {
		out := make([]Sample, len(samples))
		copy(out, samples)
		return out, nil
	}}
}

func testTargets() []Target {
	return []Target{
		staticTarget("api-1",
			Sample{Name: "http_requests_in_flight", Value: 3},
			Sample{Name: "process_open_fds", Value: 41}),
		staticTarget("api-2",
			Sample{Name: "http_requests_in_flight", Value: 1}),
		{Name: "db", Scrape: func(ctx context.Context) ([]Sample, error) {
			<-ctx.Done()
			return nil, ctx.Err()
		}},
	}
}

// goneClient is a ResponseWriter whose peer has hung up.
type goneClient struct{ header http.Header }

func (g *goneClient) Header() http.Header       { return g.header }
func (g *goneClient) WriteHeader(int)           {}
func (g *goneClient) Write([]byte) (int, error) { return 0, syscall.EPIPE }

func TestServeAggregate(t *testing.T) {
	defer goleak.VerifyNone(t)
	e := New(testTargets(), WithScrapeTimeout(20*time.Millisecond))

	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	body := rec.Body.String()
	for _, want := range []string{
		`http_requests_in_flight{target="api-1"} 3`,
		`http_requests_in_flight{target="api-2"} 1`,
		`exporter_scrape_up{target="db"} 0`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("response lacks %q:\n%s", want, body)
		}
	}
}

func TestClientGoneMidResponse(t *testing.T) {
	defer goleak.VerifyNone(t)

	var (
		mu   sync.Mutex
		logs []string
	)
	e := New(testTargets(), WithScrapeTimeout(20*time.Millisecond),
		WithLogf(func(format string, args ...any) {
			mu.Lock()
			defer mu.Unlock()
			for _, a := range args {
				if err, ok := a.(error); ok && errors.Is(err, syscall.EPIPE) {
					logs = append(logs, format)
				}
			}
		}))

	e.ServeHTTP(&goneClient{header: http.Header{}}, httptest.NewRequest(http.MethodGet, "/metrics", nil))

	mu.Lock()
	defer mu.Unlock()
	if len(logs) != 1 {
		t.Fatalf("logged %d write failures, want 1", len(logs))
	}
}
