package webhook

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memEndpoints struct {
	mu        sync.Mutex
	endpoints map[string]Endpoint
	reasons   map[string]string
}

func (s *memEndpoints) Endpoint(_ context.Context, id string) (Endpoint, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ep, ok := s.endpoints[id]
	if !ok {
		return Endpoint{}, errors.New("no such endpoint")
	}
	return ep, nil
}

func (s *memEndpoints) Disable(_ context.Context, id, reason string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	ep := s.endpoints[id]
	ep.Disabled = true
	s.endpoints[id] = ep
	s.reasons[id] = reason
	return nil
}

type chanDeadLetters chan DeadLetter

func (c chanDeadLetters) Put(_ context.Context, dl DeadLetter) error {
	c <- dl
	return nil
}

// goneReceiver checks each delivery's signature and then answers 410,
// as a merchant does after deleting its webhook route.
type goneReceiver struct {
	t      *testing.T
	secret string
}

func (g goneReceiver) Do(req *http.Request) (*http.Response, error) {
	body, err := io.ReadAll(req.Body)
	if err != nil {
		return nil, err
	}
	if err := Verify(req.Header.Get(SignatureHeader), g.secret, body, time.Now(), 5*time.Minute); err != nil {
		g.t.Errorf("delivery signature: %v", err)
	}
	return &http.Response{
		StatusCode: http.StatusGone,
		Body:       io.NopCloser(strings.NewReader("route removed")),
	}, nil
}

func TestEndpointGoneIsDisabledAndDeadLettered(t *testing.T) {
	defer goleak.VerifyNone(t)

	const secret = "whsec_3f9a1c"
	store := &memEndpoints{
		endpoints: map[string]Endpoint{
			"we_123": {ID: "we_123", URL: "https://shop.example/hooks/payments", Secret: secret},
		},
		reasons: map[string]string{},
	}
	dead := make(chanDeadLetters, 1)
	d := New(goneReceiver{t: t, secret: secret}, store, dead, Config{
		MaxAttempts: 3,
		BackoffBase: time.Millisecond,
	})

	ctx := context.Background()
	ev := Event{
		ID:        "evt_1",
		Type:      "payment_intent.succeeded",
		CreatedAt: time.Date(2024, 5, 2, 9, 30, 0, 0, time.UTC),
		Data:      json.RawMessage(`{"amount":1999,"currency":"eur"}`),
	}
	if err := d.Dispatch(ctx, "we_123", ev); err != nil {
		t.Fatalf("Dispatch: %v", err)
	}

	dl := <-dead
	if dl.Event.ID != "evt_1" || dl.EndpointID != "we_123" || dl.LastStatus != http.StatusGone || dl.Attempts != 1 {
		t.Errorf("dead letter = %+v", dl)
	}

	store.mu.Lock()
	disabled := store.endpoints["we_123"].Disabled
	store.mu.Unlock()
	if !disabled {
		t.Error("endpoint not disabled after 410")
	}
	err := d.Dispatch(ctx, "we_123", Event{ID: "evt_2", Type: "charge.refunded"})
	if !errors.Is(err, ErrEndpointDisabled) {
		t.Errorf("Dispatch to disabled endpoint = %v, want ErrEndpointDisabled", err)
	}

	if err := d.Close(ctx); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := d.Dispatch(ctx, "we_123", ev); err == nil {
		t.Error("Dispatch after Close succeeded")
	}
}
