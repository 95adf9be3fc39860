package efile

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeClock struct{ now time.Time }

func (c fakeClock) Now() time.Time { return c.now }

func (c fakeClock) After(time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	ch <- c.now
	return ch
}

// fakeAuthority throttles the first `throttle` transmissions without
// reading them, accepts the next one and reports it pending for `pending`
// polls before accepting it.
type fakeAuthority struct {
	throttle int
	pending  int

	mu        sync.Mutex
	transmits int
	polls     int
	received  []envelope
}

func (a *fakeAuthority) Transmit(_ context.Context, doc io.Reader) (string, error) {
	a.mu.Lock()
	a.transmits++
	n := a.transmits
	a.mu.Unlock()
	if n <= a.throttle {
		return "", fmt.Errorf("HTTP 429: %w", ErrThrottled)
	}
	body, err := io.ReadAll(doc)
	if err != nil {
		return "", err
	}
	var env envelope
	if err := xml.Unmarshal(body, &env); err != nil {
		return "", fmt.Errorf("malformed document: %w", err)
	}
	a.mu.Lock()
	a.received = append(a.received, env)
	a.mu.Unlock()
	return fmt.Sprintf("SUB-%04d", n), nil
}

func (a *fakeAuthority) Acknowledgement(_ context.Context, id string) (Ack, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.polls++
	if a.polls <= a.pending {
		return Ack{SubmissionID: id, Status: AckPending}, nil
	}
	return Ack{SubmissionID: id, Status: AckAccepted}, nil
}

func TestSubmitRetriesWhenThrottled(t *testing.T) {
	defer goleak.VerifyNone(t)

	auth := &fakeAuthority{throttle: 1, pending: 2}
	gw, err := NewGateway(auth, Config{
		TransmitterID: "TX-0042",
		Clock:         fakeClock{now: time.Date(2024, 3, 15, 9, 0, 0, 0, time.UTC)},
	})
	if err != nil {
		t.Fatal(err)
	}

	ret := Return{
		ID:            "R-2023-77",
		TaxYear:       2023,
		TIN:           "123456789",
		Name:          "Jordan Example",
		FilingStatus:  "single",
		Lines:         []Line{{Number: "16", AmountCents: 412000}, {Number: "23", AmountCents: 15000}},
		TotalTaxCents: 427000,
		SignaturePIN:  "24680",
	}
	rcpt, err := gw.Submit(context.Background(), ret)
	if err != nil {
		t.Fatal(err)
	}
	if rcpt.Attempts != 2 || rcpt.SubmissionID != "SUB-0002" || rcpt.Ack.Status != AckAccepted {
		t.Fatalf("unexpected receipt %+v", rcpt)
	}
	if len(auth.received) != 1 || auth.received[0].TIN != "123456789" || len(auth.received[0].Lines) != 2 {
		t.Fatalf("authority received %+v", auth.received)
	}

	_, err = gw.Submit(context.Background(), ret)
	if !errors.Is(err, ErrAlreadyFiled) {
		t.Fatalf("second Submit error = %v, want %v", err, ErrAlreadyFiled)
	}
}
