package gateway

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func serve(t *testing.T, h http.Handler, tenant string) int {
	t.Helper()
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, "/v1/items", nil)
	req.Header.Set("X-Tenant", tenant)
	done := make(chan struct{})
	go func() {
		defer close(done)
		h.ServeHTTP(rec, req)
	}()
	select {
	case <-done:
		return rec.Code
	case <-time.After(200 * time.Millisecond):
		t.Errorf("request for tenant %s did not complete", tenant)
		return 0
	}
}

func TestRequestThatWaitedTooLongIsRejected(t *testing.T) {
	defer goleak.VerifyNone(t)

	backend := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "ok")
	})
	g := New(backend, WithRate(20, 1), WithMaxWait(20*time.Millisecond))
	defer g.Close()

	if code := serve(t, g, "acme"); code != http.StatusOK {
		t.Fatalf("first request: status %d, want 200", code)
	}
	// The bucket is empty now; the next token is 50ms away, longer than
	// the request may wait.
	if code := serve(t, g, "acme"); code != http.StatusServiceUnavailable {
		t.Errorf("second request: status %d, want 503", code)
	}
	if code := serve(t, g, ""); code != http.StatusBadRequest {
		t.Errorf("no tenant: status %d, want 400", code)
	}
}
