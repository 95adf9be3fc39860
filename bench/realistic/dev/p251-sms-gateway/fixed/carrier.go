// Package sms is a client for sending text and picture messages through a
// list of upstream carriers with automatic failover, and for tracking the
// delivery receipts the carriers post back.
package sms

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"
)

// Carrier is an upstream SMS carrier or aggregator API.
type Carrier interface {
	// Name identifies the carrier in logs, errors and receipts.
	Name() string
	// Submit sends one message, read as JSON from body, and returns the
	// carrier's reference for it. Delivery receipts quote that reference.
	Submit(ctx context.Context, body io.Reader) (ref string, err error)
}

// Errors reported by carriers. Carrier implementations wrap these so that
// the gateway can decide whether to fail over.
var (
	// ErrThrottled means the carrier rejected the request because of rate
	// limits. The gateway skips the carrier for the configured cooldown.
	ErrThrottled = errors.New("sms: carrier throttled")
	// ErrUnavailable means the carrier could not be reached or returned a
	// server error.
	ErrUnavailable = errors.New("sms: carrier unavailable")
	// ErrInvalidRecipient means the destination number is not reachable via
	// any carrier; the gateway does not fail over on it.
	ErrInvalidRecipient = errors.New("sms: invalid recipient")
)

// Clock abstracts time for cooldown bookkeeping.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// wireMessage is the JSON document submitted to carriers.
type wireMessage struct {
	ClientRef string      `json:"client_ref"`
	To        string      `json:"to"`
	From      string      `json:"from"`
	Text      string      `json:"text,omitempty"`
	Media     []wireMedia `json:"media,omitempty"`
	Validity  int         `json:"validity_seconds,omitempty"`
}

type wireMedia struct {
	ContentType string `json:"content_type"`
	Data        []byte `json:"data"`
}

func toWire(m Message) wireMessage {
	w := wireMessage{
		ClientRef: m.ID,
		To:        m.To,
		From:      m.From,
		Text:      m.Text,
		Validity:  int(m.Validity / time.Second),
	}
	for _, a := range m.Media {
		w.Media = append(w.Media, wireMedia{ContentType: a.ContentType, Data: a.Data})
	}
	return w
}

// submit streams msg to carrier c. Picture messages can carry several
// megabytes of media, so the body is encoded straight into the request
// rather than buffered in memory first.
func submit(ctx context.Context, c Carrier, msg Message) (string, error) {
	pr, pw := io.Pipe()
	defer pr.Close()
	go func() {
		err := json.NewEncoder(pw).Encode(toWire(msg))
		pw.CloseWithError(err)
	}()

	ref, err := c.Submit(ctx, pr)
	if err != nil {
		return "", fmt.Errorf("carrier %s: %w", c.Name(), err)
	}
	if ref == "" {
		return "", fmt.Errorf("carrier %s: empty message reference: %w", c.Name(), ErrUnavailable)
	}
	return ref, nil
}
