package lb

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestUnhealthyBackendLeavesRotation(t *testing.T) {
	defer goleak.VerifyNone(t)

	good := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "good")
	}))
	defer good.Close()
	bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer bad.Close()

	down := make(chan Event, 4)
	p, err := New([]string{good.URL, bad.URL},
		WithInterval(5*time.Millisecond),
		WithOnChange(func(ev Event) { down <- ev }))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()

	select {
	case ev := <-down:
		if ev.Backend != bad.URL || ev.Healthy {
			t.Fatalf("unexpected event %+v", ev)
		}
	case <-time.After(time.Second):
		t.Fatal("bad backend never left rotation")
	}
	for i := 0; i < 4; i++ {
		rec := httptest.NewRecorder()
		p.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
		if rec.Code != http.StatusOK || rec.Body.String() != "good" {
			t.Fatalf("request %d: %d %q", i, rec.Code, rec.Body.String())
		}
	}
}
