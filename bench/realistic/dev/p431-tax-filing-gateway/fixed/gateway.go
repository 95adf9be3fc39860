package efile

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
)

// Config controls retries and acknowledgement polling.
type Config struct {
	// TransmitterID is the gateway's registration with the authority.
	TransmitterID string
	// MaxAttempts bounds transmissions of one return when throttled.
	MaxAttempts int
	// Backoff is the delay before the first retry; it doubles each time.
	Backoff time.Duration
	// PollInterval is the delay between acknowledgement polls.
	PollInterval time.Duration
	// MaxPolls bounds how often a submission is polled before giving up.
	MaxPolls int
	// Clock defaults to the system clock.
	Clock Clock
}

// Gateway files returns with the tax authority.
type Gateway struct {
	auth Authority
	cfg  Config

	mu    sync.Mutex
	filed map[string]Receipt // accepted returns by return ID
}

// NewGateway returns a Gateway using auth as the transmission service.
func NewGateway(auth Authority, cfg Config) (*Gateway, error) {
	if auth == nil {
		return nil, errors.New("efile: authority is required")
	}
	if cfg.TransmitterID == "" {
		return nil, errors.New("efile: transmitter ID is required")
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 5
	}
	if cfg.Backoff <= 0 {
		cfg.Backoff = 2 * time.Second
	}
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = 30 * time.Second
	}
	if cfg.MaxPolls <= 0 {
		cfg.MaxPolls = 120
	}
	if cfg.Clock == nil {
		cfg.Clock = systemClock{}
	}
	return &Gateway{auth: auth, cfg: cfg, filed: make(map[string]Receipt)}, nil
}

// envelope is the transmission document format.
type envelope struct {
	XMLName       xml.Name    `xml:"ReturnTransmission"`
	TransmitterID string      `xml:"TransmitterId"`
	ReturnID      string      `xml:"ReturnId"`
	TaxYear       int         `xml:"TaxYear"`
	TIN           string      `xml:"Filer>TIN"`
	Name          string      `xml:"Filer>Name"`
	FilingStatus  string      `xml:"Filer>FilingStatus"`
	Lines         []lineXML   `xml:"Schedule>Line"`
	TotalTax      int64       `xml:"TotalTaxCents"`
	Signature     signatureEl `xml:"Signature"`
}

type lineXML struct {
	Number string `xml:"num,attr"`
	Amount int64  `xml:",chardata"`
}

type signatureEl struct {
	PIN       string `xml:"PIN"`
	Timestamp string `xml:"SignedAt"`
}

// Submit validates r, transmits it and waits for the authority's final
// acknowledgement. A rejected return yields an error wrapping ErrRejected
// together with the receipt describing the rejection.
func (g *Gateway) Submit(ctx context.Context, r Return) (Receipt, error) {
	now := g.cfg.Clock.Now()
	if err := validate(r, now.Year()); err != nil {
		return Receipt{}, err
	}
	g.mu.Lock()
	prev, done := g.filed[r.ID]
	g.mu.Unlock()
	if done {
		return prev, fmt.Errorf("return %s (submission %s): %w", r.ID, prev.SubmissionID, ErrAlreadyFiled)
	}

	env := g.buildEnvelope(r, now)
	subID, attempts, err := g.transmitWithRetry(ctx, env)
	if err != nil {
		return Receipt{}, fmt.Errorf("return %s: %w", r.ID, err)
	}
	rcpt := Receipt{ReturnID: r.ID, SubmissionID: subID, Attempts: attempts}

	ack, err := g.awaitAck(ctx, subID)
	if err != nil {
		return rcpt, fmt.Errorf("return %s: %w", r.ID, err)
	}
	rcpt.Ack = ack
	if ack.Status == AckRejected {
		return rcpt, fmt.Errorf("return %s: %v: %w", r.ID, ack.Errors, ErrRejected)
	}

	g.mu.Lock()
	g.filed[r.ID] = rcpt
	g.mu.Unlock()
	return rcpt, nil
}

func (g *Gateway) buildEnvelope(r Return, now time.Time) *envelope {
	env := &envelope{
		TransmitterID: g.cfg.TransmitterID,
		ReturnID:      r.ID,
		TaxYear:       r.TaxYear,
		TIN:           r.TIN,
		Name:          r.Name,
		FilingStatus:  r.FilingStatus,
		TotalTax:      r.TotalTaxCents,
		Signature:     signatureEl{PIN: r.SignaturePIN, Timestamp: now.UTC().Format(time.RFC3339)},
	}
	for _, l := range r.Lines {
		env.Lines = append(env.Lines, lineXML{Number: l.Number, Amount: l.AmountCents})
	}
	return env
}

// transmitWithRetry sends env, retrying with exponential backoff while the
// authority is throttling.
func (g *Gateway) transmitWithRetry(ctx context.Context, env *envelope) (string, int, error) {
	delay := g.cfg.Backoff
	for attempt := 1; ; attempt++ {
		id, err := g.transmit(ctx, env)
		if err == nil {
			return id, attempt, nil
		}
		if !errors.Is(err, ErrThrottled) || attempt >= g.cfg.MaxAttempts {
			return "", attempt, fmt.Errorf("transmit attempt %d: %w", attempt, err)
		}
		select {
		case <-g.cfg.Clock.After(delay):
		case <-ctx.Done():
			return "", attempt, fmt.Errorf("transmit retry: %w", ctx.Err())
		}
		delay *= 2
	}
}

// transmit streams the encoded envelope to the authority without buffering
// the whole document in memory.
func (g *Gateway) transmit(ctx context.Context, env *envelope) (string, error) {
	pr, pw := io.Pipe()
	defer pr.Close()
	go func() {
		enc := xml.NewEncoder(pw)
		err := enc.Encode(env)
		pw.CloseWithError(err)
	}()
	return g.auth.Transmit(ctx, pr)
}

// awaitAck polls the authority until the submission is no longer pending.
func (g *Gateway) awaitAck(ctx context.Context, subID string) (Ack, error) {
	for poll := 0; poll < g.cfg.MaxPolls; poll++ {
		ack, err := g.auth.Acknowledgement(ctx, subID)
		if err != nil && !errors.Is(err, ErrThrottled) {
			return Ack{}, fmt.Errorf("poll acknowledgement %s: %w", subID, err)
		}
		if err == nil && ack.Status != AckPending {
			return ack, nil
		}
		select {
		case <-g.cfg.Clock.After(g.cfg.PollInterval):
		case <-ctx.Done():
			return Ack{}, fmt.Errorf("poll acknowledgement %s: %w", subID, ctx.Err())
		}
	}
	return Ack{}, fmt.Errorf("submission %s after %d polls: %w", subID, g.cfg.MaxPolls, ErrAckTimeout)
}
