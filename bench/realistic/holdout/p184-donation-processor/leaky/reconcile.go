package donations

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// LedgerEntry is one line posted to the accounting system.
type LedgerEntry struct {
	Date       string `json:"date"`
	Account    string `json:"account"`
	DonationID string `json:"donation_id"`
	ChargeID   string `json:"charge_id"`
	GrossCents int64  `json:"gross_cents"`
	FeeCents   int64  `json:"fee_cents"`
	NetCents   int64  `json:"net_cents"`
	Currency   string `json:"currency"`
	Memo       string `json:"memo"`
}

// Discrepancy is a payout line that does not agree with our records.
type Discrepancy struct {
	ChargeID string
	Reason   string
}

// ReconcileReport is the result of matching a payout.
type ReconcileReport struct {
	PayoutID      string
	Matched       int
	Discrepancies []Discrepancy
	// NetDifferenceCents is the payout's net minus the net of its items.
	NetDifferenceCents int64
}

// Reconcile matches every charge in a gateway payout against recorded
// donations, posts the matched ones to the ledger as one batch and marks them
// settled. Unmatched or mismatched charges are reported for manual review.
func (p *Processor) Reconcile(ctx context.Context, gatewayName, payoutID string) (ReconcileReport, error) {
	rep := ReconcileReport{PayoutID: payoutID}
	g, err := p.gateway(gatewayName)
	if err != nil {
		return rep, fmt.Errorf("reconcile %s: %w", payoutID, err)
	}
	payout, err := g.Payout(ctx, payoutID)
	if err != nil {
		return rep, fmt.Errorf("reconcile %s: fetch payout: %w", payoutID, err)
	}

	var entries []LedgerEntry
	var matched []Donation
	var itemsNet int64
	for _, it := range payout.Items {
		itemsNet += it.GrossCents - it.FeeCents
		d, err := p.cfg.Store.DonationByCharge(ctx, gatewayName, it.ChargeID)
		if errors.Is(err, ErrNotFound) {
			rep.Discrepancies = append(rep.Discrepancies, Discrepancy{it.ChargeID, "no donation for charge"})
			continue
		} else if err != nil {
			return rep, fmt.Errorf("reconcile %s: charge %s: %w", payoutID, it.ChargeID, err)
		}
		if d.AmountCents != it.GrossCents || d.Currency != payout.Currency {
			rep.Discrepancies = append(rep.Discrepancies, Discrepancy{it.ChargeID, fmt.Sprintf(
				"donation %s is %s, payout says %s", d.ID,
				formatCents(d.AmountCents, d.Currency), formatCents(it.GrossCents, payout.Currency))})
			continue
		}
		entries = append(entries, LedgerEntry{
			Date:       dateOf(payout.ArrivedAt),
			Account:    "income:donations:" + d.Campaign,
			DonationID: d.ID,
			ChargeID:   it.ChargeID,
			GrossCents: it.GrossCents,
			FeeCents:   it.FeeCents,
			NetCents:   it.GrossCents - it.FeeCents,
			Currency:   payout.Currency,
			Memo:       fmt.Sprintf("%s payout %s, fee %s", gatewayName, payoutID, formatCents(it.FeeCents, payout.Currency)),
		})
		matched = append(matched, d)
	}
	rep.NetDifferenceCents = payout.NetCents - itemsNet
	if len(entries) == 0 {
		return rep, nil
	}

	batchID := fmt.Sprintf("payout-%s-%s", gatewayName, payoutID)
	if err := p.postBatch(ctx, batchID, entries); err != nil {
		return rep, fmt.Errorf("reconcile %s: %w", payoutID, err)
	}
	for _, d := range matched {
		d.Status = Settled
		if err := p.cfg.Store.SaveDonation(ctx, d); err != nil {
			return rep, fmt.Errorf("reconcile %s: settle %s: %w", payoutID, d.ID, err)
		}
		rep.Matched++
	}
	return rep, nil
}

// postBatch streams entries to the ledger as newline-delimited JSON without
// building the whole batch in memory.
func (p *Processor) postBatch(ctx context.Context, batchID string, entries []LedgerEntry) error {
	pr, pw := io.Pipe()
	go func() {
		enc := json.NewEncoder(pw)
		for _, e := range entries {
			if err := enc.Encode(e); err != nil { // leak: ledger stopped reading and nobody closes the pipe
				pw.CloseWithError(err)
				return
			}
		}
		pw.Close()
	}()

	if err := p.cfg.Ledger.Import(ctx, batchID, pr); err != nil {
		return fmt.Errorf("ledger import %s: %w", batchID, err)
	}
	return nil
}
