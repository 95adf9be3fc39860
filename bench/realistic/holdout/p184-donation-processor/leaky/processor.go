package donations

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"
)

// Config configures a Processor.
type Config struct {
	// Gateways are tried in order until one is reachable.
	Gateways []Gateway
	Store    Store
	Receipts ReceiptSender
	Ledger   Ledger
	Clock    Clock // defaults to the wall clock
	// MinimumCents rejects gifts too small to be worth the card fee.
	MinimumCents int64
	// OnReceiptError, if set, is told about receipts that could not be sent.
	// The donation itself still succeeds; receipts are retried in bulk later.
	OnReceiptError func(donationID string, err error)
}

// Processor takes donations and reconciles payouts.
type Processor struct {
	cfg    Config
	nextID uint64
}

// New validates cfg and returns a Processor.
func New(cfg Config) (*Processor, error) {
	if len(cfg.Gateways) == 0 {
		return nil, fmt.Errorf("donations: config: at least one gateway is required")
	}
	if cfg.Store == nil || cfg.Receipts == nil || cfg.Ledger == nil {
		return nil, fmt.Errorf("donations: config: store, receipts and ledger are required")
	}
	if cfg.Clock == nil {
		cfg.Clock = wallClock{}
	}
	if cfg.MinimumCents <= 0 {
		cfg.MinimumCents = 100
	}
	return &Processor{cfg: cfg}, nil
}

// DonationRequest is a gift submitted through the donation form.
type DonationRequest struct {
	DonorID     string
	Email       string
	Campaign    string
	CardToken   string
	AmountCents int64
	Currency    string
}

// Donate charges the donor's card and sends a receipt.
func (p *Processor) Donate(ctx context.Context, req DonationRequest) (Donation, error) {
	if req.AmountCents < p.cfg.MinimumCents {
		return Donation{}, fmt.Errorf("donate %d %s: %w", req.AmountCents, req.Currency, ErrInvalidAmount)
	}
	d := Donation{
		ID:          fmt.Sprintf("DN-%06d", atomic.AddUint64(&p.nextID, 1)),
		DonorID:     req.DonorID,
		Email:       req.Email,
		Campaign:    req.Campaign,
		AmountCents: req.AmountCents,
		Currency:    strings.ToUpper(req.Currency),
	}

	gw, chargeID, err := p.charge(ctx, d, req.CardToken)
	if err != nil {
		return Donation{}, err
	}
	d.Gateway, d.ChargeID = gw, chargeID
	d.Status = Charged
	d.ChargedAt = p.cfg.Clock.Now()
	if err := p.cfg.Store.SaveDonation(ctx, d); err != nil {
		return Donation{}, fmt.Errorf("save donation %s (charge %s/%s): %w", d.ID, gw, chargeID, err)
	}

	if err := p.issueReceipt(ctx, &d); err != nil && p.cfg.OnReceiptError != nil {
		p.cfg.OnReceiptError(d.ID, err)
	}
	return d, nil
}

// charge tries each gateway in turn, moving on only when a gateway is
// unreachable. A decline is final.
func (p *Processor) charge(ctx context.Context, d Donation, cardToken string) (string, string, error) {
	var lastErr error
	for _, g := range p.cfg.Gateways {
		id, err := g.Charge(ctx, ChargeRequest{
			CardToken:      cardToken,
			AmountCents:    d.AmountCents,
			Currency:       d.Currency,
			Description:    "Donation: " + d.Campaign,
			IdempotencyKey: d.ID,
		})
		if err == nil {
			return g.Name(), id, nil
		}
		if !errors.Is(err, ErrGatewayUnavailable) {
			return "", "", fmt.Errorf("charge %s via %s: %w", d.ID, g.Name(), err)
		}
		lastErr = err
	}
	return "", "", fmt.Errorf("charge %s: %w (last error: %v)", d.ID, ErrNoGateway, lastErr)
}

func (p *Processor) issueReceipt(ctx context.Context, d *Donation) error {
	no, err := p.cfg.Store.NextReceiptNumber(ctx)
	if err != nil {
		return fmt.Errorf("receipt number for %s: %w", d.ID, err)
	}
	r := Receipt{
		Number:      no,
		DonationID:  d.ID,
		Email:       d.Email,
		AmountCents: d.AmountCents,
		Currency:    d.Currency,
		Campaign:    d.Campaign,
		IssuedAt:    p.cfg.Clock.Now(),
	}
	if err := p.cfg.Receipts.Send(ctx, r); err != nil {
		return fmt.Errorf("send receipt %s: %w", no, err)
	}
	d.ReceiptNo = no
	d.Status = Receipted
	if err := p.cfg.Store.SaveDonation(ctx, *d); err != nil {
		return fmt.Errorf("save receipt %s: %w", no, err)
	}
	return nil
}

func (p *Processor) gateway(name string) (Gateway, error) {
	for _, g := range p.cfg.Gateways {
		if g.Name() == name {
			return g, nil
		}
	}
	return nil, fmt.Errorf("gateway %q: %w", name, ErrNotFound)
}

// formatCents renders an amount for ledger memos.
func formatCents(c int64, currency string) string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	return fmt.Sprintf("%s%d.%02d %s", sign, c/100, c%100, currency)
}

func dateOf(t time.Time) string { return t.UTC().Format("2006-01-02") }
