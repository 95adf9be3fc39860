package sms

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

// Status is the delivery state of a message.
type Status int

// Delivery states, in the order a message normally moves through them.
const (
	StatusAccepted Status = iota
	StatusDelivered
	StatusFailed
	StatusExpired
)

func (s Status) String() string {
	switch s {
	case StatusAccepted:
		return "accepted"
	case StatusDelivered:
		return "delivered"
	case StatusFailed:
		return "failed"
	case StatusExpired:
		return "expired"
	default:
		return fmt.Sprintf("Status(%d)", int(s))
	}
}

func (s Status) final() bool { return s != StatusAccepted }

// Receipt is a delivery report posted by a carrier.
type Receipt struct {
	Carrier    string
	CarrierRef string
	Status     Status
	ErrorCode  string
	At         time.Time
}

// Delivery is the gateway's view of a message's delivery.
type Delivery struct {
	MessageID  string
	Carrier    string
	CarrierRef string
	Status     Status
	ErrorCode  string
	UpdatedAt  time.Time
}

// ErrUnknownMessage is returned for receipts or lookups that match no
// message sent through this gateway.
var ErrUnknownMessage = errors.New("sms: unknown message")

type carrierRef struct{ carrier, ref string }

type receiptTracker struct {
	mu    sync.Mutex
	byRef map[carrierRef]string
	byID  map[string]*Delivery
}

func newReceiptTracker() *receiptTracker {
	return &receiptTracker{
		byRef: make(map[carrierRef]string),
		byID:  make(map[string]*Delivery),
	}
}

func (t *receiptTracker) track(msgID, carrier, ref string, at time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.byRef[carrierRef{carrier, ref}] = msgID
	t.byID[msgID] = &Delivery{
		MessageID:  msgID,
		Carrier:    carrier,
		CarrierRef: ref,
		Status:     StatusAccepted,
		UpdatedAt:  at,
	}
}

// HandleReceipt records a carrier's delivery receipt. It is meant to be
// called from the webhook handler that carriers post receipts to. Receipts
// arriving after a final status are ignored, as carriers sometimes repeat
// or reorder them.
func (g *Gateway) HandleReceipt(r Receipt) (Delivery, error) {
	t := g.receipts
	t.mu.Lock()
	id, ok := t.byRef[carrierRef{r.Carrier, r.CarrierRef}]
	if !ok {
		t.mu.Unlock()
		return Delivery{}, fmt.Errorf("receipt %s/%s: %w", r.Carrier, r.CarrierRef, ErrUnknownMessage)
	}
	d := t.byID[id]
	if !d.Status.final() && r.At.After(d.UpdatedAt) {
		d.Status = r.Status
		d.ErrorCode = r.ErrorCode
		d.UpdatedAt = r.At
	}
	out := *d
	t.mu.Unlock()

	if g.cfg.OnReceipt != nil {
		g.cfg.OnReceipt(out)
	}
	return out, nil
}

// Status returns the delivery state of the message with the given ID.
func (g *Gateway) Status(msgID string) (Delivery, error) {
	t := g.receipts
	t.mu.Lock()
	defer t.mu.Unlock()
	d, ok := t.byID[msgID]
	if !ok {
		return Delivery{}, fmt.Errorf("status of %s: %w", msgID, ErrUnknownMessage)
	}
	return *d, nil
}
