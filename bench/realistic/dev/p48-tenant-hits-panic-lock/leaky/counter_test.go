package hits

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memStore struct {
	mu    sync.Mutex
	saved map[Key]int64
}

func (m *memStore) Save(ctx context.Context, counts map[Key]int64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.saved = counts
	return nil
}

func TestCloseAfterPanickingTenantLookup(t *testing.T) {
	defer goleak.VerifyNone(t)
	store := &memStore{}
	c := New(store,
		WithTenant(func(r *http.Request) string { return r.Header["X-Tenant"][0] }),
		WithLogf(t.Logf),
	)
	h := c.Middleware("/orders", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	}))

	req := httptest.NewRequest("GET", "/orders", nil)
	req.Header.Set("X-Tenant", "acme")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusNoContent {
		t.Fatalf("status = %d", rec.Code)
	}

	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/orders", nil)) // no tenant header
	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("status = %d", rec.Code)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := c.Close(ctx); err != nil {
		t.Logf("Close: %v", err)
	}
}
