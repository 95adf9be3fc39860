package sms

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// throttledCarrier rejects every request up front, as a rate limiter in
// front of the carrier API would.
type throttledCarrier struct{ name string }

func (c throttledCarrier) Name() string { return c.name }

func (c throttledCarrier) Submit(ctx context.Context, body io.Reader) (string, error) {
	return "", fmt.Errorf("HTTP 429: %w", ErrThrottled)
}

// acceptingCarrier reads and decodes the message and accepts it.
type acceptingCarrier struct {
	name string
	got  chan wireMessage
}

func (c acceptingCarrier) Name() string { return c.name }

func (c acceptingCarrier) Submit(ctx context.Context, body io.Reader) (string, error) {
	var m wireMessage
	if err := json.NewDecoder(body).Decode(&m); err != nil {
		return "", fmt.Errorf("decode: %w", err)
	}
	c.got <- m
	return "ref-" + m.ClientRef, nil
}

type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

func TestSendFailsOverFromThrottledCarrier(t *testing.T) {
	defer goleak.VerifyNone(t)

	now := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	backup := acceptingCarrier{name: "backup", got: make(chan wireMessage, 1)}
	g, err := New(Config{
		Carriers: []Carrier{throttledCarrier{name: "primary"}, backup},
		Clock:    fixedClock{now},
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	sub, err := g.Send(context.Background(), Message{
		ID:   "msg-1",
		To:   "+4915112345678",
		From: "ACME",
		Text: "Your code is 493021",
	})
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	if sub.Carrier != "backup" || sub.Attempts != 2 {
		t.Fatalf("submission = %+v, want backup after 2 attempts", sub)
	}
	if m := <-backup.got; m.Text != "Your code is 493021" {
		t.Fatalf("backup got text %q", m.Text)
	}

	d, err := g.HandleReceipt(Receipt{
		Carrier:    "backup",
		CarrierRef: sub.CarrierRef,
		Status:     StatusDelivered,
		At:         now.Add(4 * time.Second),
	})
	if err != nil {
		t.Fatalf("HandleReceipt: %v", err)
	}
	if d.Status != StatusDelivered {
		t.Fatalf("status = %v, want delivered", d.Status)
	}
	if _, err := g.Status("msg-2"); !errors.Is(err, ErrUnknownMessage) {
		t.Fatalf("Status(msg-2) error = %v, want ErrUnknownMessage", err)
	}
}
