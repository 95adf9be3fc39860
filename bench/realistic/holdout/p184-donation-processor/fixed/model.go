// Package donations charges donors' cards through payment gateways, issues
// tax receipts and reconciles gateway payouts against recorded donations.
package donations

import (
	"context"
	"errors"
	"io"
	"time"
)

// Errors returned (wrapped) by the processor.
var (
	// ErrGatewayUnavailable is wrapped by gateways that could not be reached
	// at all; the processor then tries the next gateway.
	ErrGatewayUnavailable = errors.New("donations: gateway unavailable")
	ErrDeclined           = errors.New("donations: card declined")
	ErrNotFound           = errors.New("donations: not found")
	ErrInvalidAmount      = errors.New("donations: invalid amount")
	ErrNoGateway          = errors.New("donations: no gateway could take the charge")
)

// Status is the state of a donation.
type Status int

// Donation statuses.
const (
	Charged Status = iota + 1
	Receipted
	Settled
)

// Donation is a single gift.
type Donation struct {
	ID          string
	DonorID     string
	Email       string
	Campaign    string
	AmountCents int64
	Currency    string
	Gateway     string
	ChargeID    string
	Status      Status
	ReceiptNo   string
	ChargedAt   time.Time
}

// ChargeRequest asks a gateway to take a payment.
type ChargeRequest struct {
	CardToken      string
	AmountCents    int64
	Currency       string
	Description    string
	IdempotencyKey string
}

// Payout is a settlement the gateway paid into the charity's bank account.
type Payout struct {
	ID        string
	Currency  string
	ArrivedAt time.Time
	NetCents  int64
	Items     []PayoutItem
}

// PayoutItem is one charge included in a payout.
type PayoutItem struct {
	ChargeID   string
	GrossCents int64
	FeeCents   int64
}

// Gateway is a card payment provider.
type Gateway interface {
	Name() string
	Charge(ctx context.Context, req ChargeRequest) (chargeID string, err error)
	Payout(ctx context.Context, payoutID string) (Payout, error)
}

// Store persists donations.
type Store interface {
	SaveDonation(ctx context.Context, d Donation) error
	DonationByCharge(ctx context.Context, gateway, chargeID string) (Donation, error)
	NextReceiptNumber(ctx context.Context) (string, error)
}

// Receipt is the tax receipt sent to a donor.
type Receipt struct {
	Number      string
	DonationID  string
	Email       string
	AmountCents int64
	Currency    string
	Campaign    string
	IssuedAt    time.Time
}

// ReceiptSender delivers receipts to donors.
type ReceiptSender interface {
	Send(ctx context.Context, r Receipt) error
}

// Ledger is the charity's accounting system. Import reads a batch of
// newline-delimited JSON ledger entries from r.
type Ledger interface {
	Import(ctx context.Context, batchID string, r io.Reader) error
}

// Clock supplies the current time.
type Clock interface{ Now() time.Time }

type wallClock struct{}

func (wallClock) Now() time.Time { return time.Now() }
