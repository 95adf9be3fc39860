package fanout

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type staticSubs []Subscription

func (s staticSubs) ListSubscriptions(context.Context) ([]Subscription, error) { return s, nil }

// instantClock fires every timer immediately.
type instantClock struct{}

func (instantClock) After(time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	ch <- time.Time{}
	return ch
}

// fakeTransport plays the subscribers' endpoints. Endpoints listed in
// refuse fail that many times at connect time, before any of the body is
// sent; every other request is read in full and acknowledged.
type fakeTransport struct {
	mu       sync.Mutex
	refuse   map[string]int
	attempts map[string]int
	received map[string][]string // url -> event IDs
}

func (f *fakeTransport) Post(ctx context.Context, url string, h http.Header, body io.Reader) (int, error) {
	f.mu.Lock()
	f.attempts[url]++
	if f.refuse[url] > 0 {
		f.refuse[url]--
		f.mu.Unlock()
		return 0, errors.New("dial tcp 203.0.113.9:443: connect: connection refused")
	}
	f.mu.Unlock()

	if h.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(body)
		if err != nil {
			return 0, err
		}
		body = zr
	}
	var env envelope
	if err := json.NewDecoder(body).Decode(&env); err != nil {
		return http.StatusBadRequest, nil
	}
	if _, err := io.Copy(io.Discard, body); err != nil {
		return 0, err
	}
	f.mu.Lock()
	f.received[url] = append(f.received[url], env.ID)
	f.mu.Unlock()
	return http.StatusNoContent, nil
}

func TestPublishRetriesRefusedConnection(t *testing.T) {
	defer goleak.VerifyNone(t)

	subs := staticSubs{
		{ID: "sub_ledger", URL: "https://ledger.internal/hooks", Types: []string{"invoice.*"}},
		{ID: "sub_crm", URL: "https://crm.example.net/webhooks/acme", Types: []string{"invoice.paid"}, Gzip: true},
		{ID: "sub_mail", URL: "https://mail.example.org/in", Types: []string{"customer.created"}},
	}
	tr := &fakeTransport{
		refuse:   map[string]int{"https://crm.example.net/webhooks/acme": 1},
		attempts: map[string]int{},
		received: map[string][]string{},
	}
	d, err := New(Config{Subscriptions: subs, Transport: tr, Clock: instantClock{}, MaxAttempts: 3})
	if err != nil {
		t.Fatal(err)
	}

	ev := Event{
		ID:   "evt_01HV3K8Q",
		Type: "invoice.paid",
		Time: time.Date(2024, 4, 12, 8, 15, 0, 0, time.UTC),
		Data: json.RawMessage(`{"invoice":"in_1009","amount":4200,"currency":"EUR"}`),
	}
	rep, err := d.Publish(context.Background(), ev)
	if err != nil {
		t.Fatal(err)
	}
	if failed := rep.Failed(); len(failed) != 0 {
		t.Fatalf("failed deliveries: %+v", failed)
	}
	if len(rep.Results) != 2 {
		t.Fatalf("delivered to %d subscribers, want 2", len(rep.Results))
	}
	for _, res := range rep.Results {
		want := 1
		if res.SubscriptionID == "sub_crm" {
			want = 2
		}
		if res.Attempts != want || res.Status != http.StatusNoContent {
			t.Errorf("%s: %d attempts, status %d; want %d attempts, status 204", res.SubscriptionID, res.Attempts, res.Status, want)
		}
	}
	for _, url := range []string{"https://ledger.internal/hooks", "https://crm.example.net/webhooks/acme"} {
		if got := tr.received[url]; len(got) != 1 || got[0] != ev.ID {
			t.Errorf("%s received %v, want [%s]", url, got, ev.ID)
		}
	}
}
