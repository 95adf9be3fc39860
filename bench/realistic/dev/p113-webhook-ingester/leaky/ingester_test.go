package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func deliver(t *testing.T, h http.Handler, secret []byte, ev Event) int {
	t.Helper()
	body, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/webhooks/payments", bytes.NewReader(body))
	req.Header.Set(SignatureHeader, Sign(secret, body, time.Now()))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code
}

func TestRedeliveredEventIsProcessedOnce(t *testing.T) {
	defer goleak.VerifyNone(t)
	secret := []byte("whsec_test")

	var mu sync.Mutex
	processed := map[string]int{}
	in := New(secret, func(ctx context.Context, ev Event) error {
		mu.Lock()
		processed[ev.ID]++
		mu.Unlock()
		return nil
	}, WithWorkers(2), WithLogf(t.Logf))

	ev := Event{ID: "evt_1", Type: "payment.succeeded", Amount: 1250, Currency: "EUR"}
	for i := 0; i < 2; i++ {
		if code := deliver(t, in, secret, ev); code != http.StatusAccepted {
			t.Fatalf("delivery %d: status %d", i, code)
		}
	}
	if code := deliver(t, in, []byte("wrong"), ev); code != http.StatusUnauthorized {
		t.Fatalf("forged delivery: status %d", code)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := in.Shutdown(ctx); err != nil {
		t.Logf("shutdown: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if processed["evt_1"] != 1 {
		t.Errorf("evt_1 processed %d times, want 1", processed["evt_1"])
	}
}
