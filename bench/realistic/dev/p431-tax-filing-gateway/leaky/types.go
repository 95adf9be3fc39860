// Package efile is a gateway between a tax preparation product and the tax
// authority's electronic filing service. It validates returns, transmits
// them and polls the authority until the submission is acknowledged.
package efile

import (
	"context"
	"errors"
	"io"
	"time"
)

// Return is an individual income tax return as prepared by the client.
type Return struct {
	ID           string
	TaxYear      int
	TIN          string // taxpayer identification number, 9 digits
	Name         string
	FilingStatus string
	Lines        []Line
	// TotalTaxCents must equal the sum of all line amounts.
	TotalTaxCents int64
	SignaturePIN  string
}

// Line is one numbered line of the return.
type Line struct {
	Number      string
	AmountCents int64
}

// AckStatus is the authority's verdict on a submission.
type AckStatus string

// Acknowledgement statuses reported by the authority.
const (
	AckPending  AckStatus = "PENDING"
	AckAccepted AckStatus = "ACCEPTED"
	AckRejected AckStatus = "REJECTED"
)

// Ack is an acknowledgement record for one submission.
type Ack struct {
	SubmissionID string
	Status       AckStatus
	Errors       []string
	ReceivedAt   time.Time
}

// Receipt is what the gateway returns to its caller once a return has been
// acknowledged.
type Receipt struct {
	ReturnID     string
	SubmissionID string
	Attempts     int
	Ack          Ack
}

// Authority is the tax authority's transmission service.
type Authority interface {
	// Transmit uploads a return document and returns its submission ID.
	Transmit(ctx context.Context, doc io.Reader) (string, error)
	// Acknowledgement reports the processing state of a submission.
	Acknowledgement(ctx context.Context, submissionID string) (Ack, error)
}

// Clock abstracts waiting so backoff and polling can be tested.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time                         { return time.Now() }
func (systemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

var (
	// ErrThrottled is returned by an Authority that is shedding load; the
	// gateway retries it with backoff.
	ErrThrottled = errors.New("efile: authority throttled the request")
	// ErrRejected is returned when the authority rejects a return.
	ErrRejected = errors.New("efile: return rejected by authority")
	// ErrAckTimeout is returned when no final acknowledgement arrived in time.
	ErrAckTimeout = errors.New("efile: timed out waiting for acknowledgement")
	// ErrAlreadyFiled is returned when a return ID was already accepted.
	ErrAlreadyFiled = errors.New("efile: return already filed")
)
