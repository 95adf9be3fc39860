package upload

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"go.uber.org/goleak"
)

// flakyStore accepts a few writes and then reports an outage.
type flakyStore struct {
	MemStore
	budget int32
}

func (s *flakyStore) Put(ctx context.Context, digest string, data []byte) error {
	if atomic.AddInt32(&s.budget, -1) < 0 {
		return fmt.Errorf("put %s: %w", digest[:8], ErrUnavailable)
	}
	return s.MemStore.Put(ctx, digest, data)
}

func body(n int) []byte {
	var b bytes.Buffer
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "row %d,some,csv,data\n", i)
	}
	return b.Bytes()[:n]
}

func TestUploadOK(t *testing.T) {
	defer goleak.VerifyNone(t)

	store := &MemStore{}
	h := NewHandler(store, WithChunkSize(64), WithWorkers(3))
	req := httptest.NewRequest(http.MethodPut, "/export.csv", bytes.NewReader(body(64*5+10)))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)

	if rec.Code != http.StatusCreated {
		t.Fatalf("status = %d, body %q", rec.Code, rec.Body.String())
	}
	if store.Len() != 6 {
		t.Fatalf("stored %d chunks, want 6", store.Len())
	}
}

func TestUploadStoreOutage(t *testing.T) {
	defer goleak.VerifyNone(t)

	h := NewHandler(&flakyStore{budget: 3}, WithChunkSize(64), WithWorkers(2))
	req := httptest.NewRequest(http.MethodPut, "/export.csv", bytes.NewReader(body(64*40)))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)

	if rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("status = %d, body %q", rec.Code, rec.Body.String())
	}
}
