package reconcile

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memStore struct {
	delay  time.Duration
	mu     sync.Mutex
	orders map[string]Order
}

func (s *memStore) Order(ctx context.Context, id string) (Order, error) {
	select {
	case <-time.After(s.delay):
	case <-ctx.Done():
		return Order{}, ctx.Err()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.orders[id]
	if !ok {
		return Order{}, fmt.Errorf("order %s not found", id)
	}
	return o, nil
}

func (s *memStore) SetStatus(ctx context.Context, id, status string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.orders[id]
	o.Status = status
	s.orders[id] = o
	return nil
}

func (s *memStore) status(id string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.orders[id].Status
}

func sign(secret, body []byte) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write(body)
	return hex.EncodeToString(mac.Sum(nil))
}

func TestSlowStoreStillAcknowledges(t *testing.T) {
	defer goleak.VerifyNone(t)

	store := &memStore{
		delay:  20 * time.Millisecond,
		orders: map[string]Order{"ord-7": {ID: "ord-7", Amount: 1999, Currency: "EUR", Status: "pending"}},
	}
	rec := New(store, WithStoreTimeout(time.Second))
	defer rec.Close()

	secret := []byte("whsec_test")
	h := NewHandler(rec, secret, 5*time.Millisecond)
	body := []byte(`{"id":"evt_1","type":"charge.succeeded","order_ref":"ord-7","amount":1999,"currency":"EUR"}`)
	req := httptest.NewRequest(http.MethodPost, "/webhooks/payments", bytes.NewReader(body))
	req.Header.Set(SignatureHeader, sign(secret, body))
	rr := httptest.NewRecorder()
	h.ServeHTTP(rr, req)
	if rr.Code != http.StatusAccepted {
		t.Fatalf("status = %d, want %d", rr.Code, http.StatusAccepted)
	}

	deadline := time.Now().Add(500 * time.Millisecond)
	for store.status("ord-7") != "paid" {
		if time.Now().After(deadline) {
			t.Fatal("order was never marked paid")
		}
		time.Sleep(time.Millisecond)
	}
}
