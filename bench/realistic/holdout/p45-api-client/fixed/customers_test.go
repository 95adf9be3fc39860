package apiclient

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// fakeAPI serves /v1/customers from memory, two customers per page, and
// answers the first request with 429 to exercise retries.
type fakeAPI struct {
	mu        sync.Mutex
	customers []Customer
	calls     int
}

func (f *fakeAPI) RoundTrip(req *http.Request) (*http.Response, error) {
	f.mu.Lock()
	f.calls++
	first := f.calls == 1
	f.mu.Unlock()
	if first {
		return respond(http.StatusTooManyRequests, `{"error":"slow down"}`), nil
	}
	start := 0
	if cur := req.URL.Query().Get("cursor"); cur != "" {
		fmt.Sscanf(cur, "c%d", &start)
	}
	end := start + 2
	if end > len(f.customers) {
		end = len(f.customers)
	}
	p := customerPage{Items: f.customers[start:end]}
	if end < len(f.customers) {
		p.NextCursor = fmt.Sprintf("c%d", end)
	}
	b, _ := json.Marshal(p)
	return respond(http.StatusOK, string(b)), nil
}

func respond(status int, body string) *http.Response {
	return &http.Response{
		StatusCode: status,
		Header:     http.Header{},
		Body:       io.NopCloser(strings.NewReader(body)),
	}
}

func newTestClient(t *testing.T) *Client {
	t.Helper()
	api := &fakeAPI{}
	for i := 0; i < 6; i++ {
		api.customers = append(api.customers, Customer{
			ID:    fmt.Sprintf("cus_%d", i),
			Email: fmt.Sprintf("user%d@example.com", i),
		})
	}
	c, err := New("https://api.acme.test",
		WithHTTPClient(&http.Client{Transport: api}),
		WithRateLimit(1000),
		WithRetries(2, time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCustomersWalksAllPages(t *testing.T) {
	defer goleak.VerifyNone(t)
	c := newTestClient(t)
	it := c.Customers(context.Background(), 2)
	n := 0
	for it.Next() {
		n++
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	if n != 6 {
		t.Fatalf("saw %d customers, want 6", n)
	}
}

func TestFindCustomerByEmail(t *testing.T) {
	defer goleak.VerifyNone(t)
	c := newTestClient(t)
	got, err := c.FindCustomerByEmail(context.Background(), "USER0@example.com")
	if err != nil {
		t.Fatalf("FindCustomerByEmail: %v", err)
	}
	if got.ID != "cus_0" {
		t.Fatalf("got %q, want cus_0", got.ID)
	}
}
