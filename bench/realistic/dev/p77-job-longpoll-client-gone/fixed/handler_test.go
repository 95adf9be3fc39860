package jobstatus

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestLongPollClientHangsUp(t *testing.T) {
	defer goleak.VerifyNone(t)

	b := NewBoard()
	b.Set("build-7", Queued)
	h := NewHandler(b)

	// A poll for a version that exists already answers at once.
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/jobs/build-7?after=0", nil))
	var j Job
	if err := json.NewDecoder(rec.Body).Decode(&j); err != nil || j.Version != 1 {
		t.Fatalf("got %+v, %v", j, err)
	}

	// A poll with a deadline gives up with 304.
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/jobs/build-7?after=1&wait=10ms", nil))
	if rec.Code != http.StatusNotModified {
		t.Fatalf("status %d", rec.Code)
	}

	// The dashboard waits for the next change, then the user closes the tab.
	ctx, cancel := context.WithCancel(context.Background())
	req := httptest.NewRequest(http.MethodGet, "/jobs/build-7?after=1", nil).WithContext(ctx)
	served := make(chan struct{})
	go func() {
		defer close(served)
		h.ServeHTTP(httptest.NewRecorder(), req)
	}()
	time.Sleep(20 * time.Millisecond)
	cancel()

	select {
	case <-served:
	case <-time.After(200 * time.Millisecond):
		t.Error("handler still running after the client went away")
	}
}
