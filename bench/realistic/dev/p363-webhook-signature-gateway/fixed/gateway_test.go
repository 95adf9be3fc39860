package webhook

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

const testSecret = "whsec_test_7f3a"

type stepClock struct{ now time.Time }

func (c stepClock) Now() time.Time { return c.now }

func (c stepClock) After(time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	ch <- c.now
	return ch
}

type memDedup struct {
	mu   sync.Mutex
	done map[string]bool
}

func (s *memDedup) Processed(ctx context.Context, id string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.done[id], nil
}

func (s *memDedup) MarkProcessed(ctx context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.done[id] = true
	return nil
}

func post(t *testing.T, g *Gateway, now time.Time, body string) int {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/hooks/payments", bytes.NewBufferString(body))
	req.Header.Set(SignatureHeader, Sign(testSecret, now, []byte(body)))
	rec := httptest.NewRecorder()
	g.ServeHTTP(rec, req)
	return rec.Code
}

func TestRedeliveryAfterHandlerPanic(t *testing.T) {
	defer goleak.VerifyNone(t)

	clock := stepClock{now: time.Unix(1710000000, 0)}
	failures := make(chan error, 4)
	var mu sync.Mutex
	var refunds []string
	calls := 0

	g, err := New(Config{
		Secrets: []string{testSecret},
		Store:   &memDedup{done: make(map[string]bool)},
		Clock:   clock,
		Handlers: map[string]Handler{
			"charge.refunded": HandlerFunc(func(ctx context.Context, ev Event) error {
				mu.Lock()
				defer mu.Unlock()
				calls++
				if calls == 1 {
					panic("ledger: refund for unknown charge")
				}
				refunds = append(refunds, ev.ID)
				return nil
			}),
		},
		OnFailure: func(ev Event, err error) { failures <- err },
	})
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()

	const body = `{"id":"evt_1Ox9","type":"charge.refunded","data":{"amount":1250}}`
	if code := post(t, g, clock.now, body); code != http.StatusAccepted {
		t.Fatalf("first delivery: status %d, want %d", code, http.StatusAccepted)
	}
	if err := <-failures; !errors.Is(err, ErrHandlerPanic) {
		t.Fatalf("first delivery failure = %v, want %v", err, ErrHandlerPanic)
	}

	// The provider never saw the event processed and redelivers it.
	if code := post(t, g, clock.now, body); code != http.StatusAccepted {
		t.Fatalf("redelivery: status %d, want %d", code, http.StatusAccepted)
	}
}

func TestRejectsBadSignature(t *testing.T) {
	g, err := New(Config{Secrets: []string{testSecret}, Store: &memDedup{done: map[string]bool{}}, Clock: stepClock{now: time.Unix(1710000000, 0)}})
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	req := httptest.NewRequest(http.MethodPost, "/hooks/payments", bytes.NewBufferString(`{"id":"evt_2","type":"x"}`))
	req.Header.Set(SignatureHeader, Sign("whsec_other", time.Unix(1710000000, 0), []byte(`{"id":"evt_2","type":"x"}`)))
	rec := httptest.NewRecorder()
	g.ServeHTTP(rec, req)
	if rec.Code != http.StatusUnauthorized {
		t.Fatalf("status %d, want %d", rec.Code, http.StatusUnauthorized)
	}
}
