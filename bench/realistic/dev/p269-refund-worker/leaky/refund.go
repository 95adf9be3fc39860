// Package refund implements a worker that drains pending refund requests from
// a queue, submits them to the payment processor and reconciles the
// processor's answer with the internal ledger.
package refund

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Status is the state of a refund as reported by the payment processor.
type Status int

// Refund states reported by the processor.
const (
	StatusUnknown Status = iota
	StatusSucceeded
	StatusDeclined
	StatusPending
)

// String implements fmt.Stringer.
func (s Status) String() string {
	switch s {
	case StatusSucceeded:
		return "succeeded"
	case StatusDeclined:
		return "declined"
	case StatusPending:
		return "pending"
	default:
		return "unknown"
	}
}

// Request is a refund request waiting in the queue.
type Request struct {
	ID          string
	PaymentID   string
	AmountMinor int64 // amount in the currency's minor unit (cents)
	Currency    string
	Attempt     int
	CreatedAt   time.Time
}

// Validate reports whether the request can be sent to the processor at all.
func (r Request) Validate() error {
	switch {
	case r.ID == "":
		return fmt.Errorf("%w: missing id", ErrInvalidRequest)
	case r.PaymentID == "":
		return fmt.Errorf("%w: request %s has no payment id", ErrInvalidRequest, r.ID)
	case r.AmountMinor <= 0:
		return fmt.Errorf("%w: request %s has non-positive amount %d", ErrInvalidRequest, r.ID, r.AmountMinor)
	case len(r.Currency) != 3:
		return fmt.Errorf("%w: request %s has bad currency %q", ErrInvalidRequest, r.ID, r.Currency)
	}
	return nil
}

// Result is the processor's answer for a single refund.
type Result struct {
	RequestID    string
	ProcessorRef string
	Status       Status
	SettledMinor int64
	DeclineCode  string
}

// Queue hands out leases on pending refund requests. A leased request that
// is neither acked nor nacked becomes visible again when its lease expires.
type Queue interface {
	Lease(ctx context.Context, max int) ([]Request, error)
	Ack(ctx context.Context, id string) error
	Nack(ctx context.Context, id string, retryAfter time.Duration) error
}

// Processor is the external payment processor.
type Processor interface {
	Refund(ctx context.Context, req Request) (Result, error)
}

// Ledger is the system of record for money movements.
type Ledger interface {
	Record(ctx context.Context, req Request, res Result) error
}

// Errors returned or wrapped by the worker.
var (
	ErrInvalidRequest    = errors.New("refund: invalid request")
	ErrAmountMismatch    = errors.New("refund: settled amount does not match request")
	ErrLedgerUnavailable = errors.New("refund: ledger unavailable")
)

// TemporaryError marks a processor failure that is worth retrying.
type TemporaryError struct {
	Err        error
	RetryAfter time.Duration
}

func (e *TemporaryError) Error() string { return "temporary: " + e.Err.Error() }

// Unwrap returns the underlying error.
func (e *TemporaryError) Unwrap() error { return e.Err }

// Stats summarises one batch.
type Stats struct {
	Leased    int
	Succeeded int
	Declined  int
	Pending   int
	Retried   int
	Dropped   int
}
