package readiness

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// slowDial behaves like a TCP dial with its own connect timeout that is longer
// than the readiness budget: it does not return early on ctx.
func slowDial(name string, d time.Duration) Dependency {
	return DepFunc{ID: name, Fn: func(ctx context.Context) error {
		time.Sleep(d)
		return errors.New("dial tcp: i/o timeout")
	}}
}

func ok(name string) Dependency {
	return DepFunc{ID: name, Fn: func(ctx context.Context) error { return nil }}
}

func TestReadyzDuringPartition(t *testing.T) {
	defer goleak.VerifyNone(t)

	healthy := New(WithTimeout(100*time.Millisecond),
		WithDependency(ok("cache")), WithDependency(ok("queue")), WithDatabase(ok("db")))
	rec := httptest.NewRecorder()
	healthy.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("healthy: %d %s", rec.Code, rec.Body)
	}

	// The network is partitioned: every dial hangs past the readiness budget.
	partitioned := New(WithTimeout(30*time.Millisecond),
		WithDependency(slowDial("cache", 80*time.Millisecond)),
		WithDependency(slowDial("queue", 80*time.Millisecond)),
		WithDatabase(slowDial("db", 80*time.Millisecond)))
	rec = httptest.NewRecorder()
	partitioned.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
	if rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("partitioned: %d", rec.Code)
	}
	time.Sleep(120 * time.Millisecond) // let the dials run out
}
