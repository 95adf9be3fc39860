package orders

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memStore []Order

func (s memStore) List(_ context.Context, f Filter, cursor string, limit int) ([]Order, string, error) {
	start := 0
	if cursor != "" {
		n, err := strconv.Atoi(cursor)
		if err != nil {
			return nil, "", fmt.Errorf("bad cursor %q", cursor)
		}
		start = n
	}
	var page []Order
	i := start
	for ; i < len(s) && len(page) < limit; i++ {
		o := s[i]
		if (f.Status == "" || o.Status == f.Status) && (f.Customer == "" || o.Customer == f.Customer) {
			page = append(page, o)
		}
	}
	if i >= len(s) {
		return page, "", nil
	}
	return page, strconv.Itoa(i), nil
}

func TestExportWithLimit(t *testing.T) {
	defer goleak.VerifyNone(t)
	day := time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC)
	var store memStore
	for i := 0; i < 6; i++ {
		store = append(store, Order{ID: fmt.Sprintf("o-%d", i), Customer: "c-7", Status: "paid", TotalCents: 1999, PlacedAt: day})
	}
	h := NewHandler(store, WithPageSize(4))

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/orders?status=paid&limit=2", nil))
	if rec.Code != 200 {
		t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
	}
	if n := strings.Count(rec.Body.String(), "\n"); n != 2 {
		t.Fatalf("got %d lines, want 2", n)
	}
}
