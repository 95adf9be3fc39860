package donations

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memStore struct {
	mu        sync.Mutex
	donations map[string]Donation
	receipts  int
}

func newMemStore() *memStore { return &memStore{donations: make(map[string]Donation)} }

func (m *memStore) SaveDonation(_ context.Context, d Donation) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.donations[d.ID] = d
	return nil
}

func (m *memStore) DonationByCharge(_ context.Context, gateway, chargeID string) (Donation, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, d := range m.donations {
		if d.Gateway == gateway && d.ChargeID == chargeID {
			return d, nil
		}
	}
	return Donation{}, ErrNotFound
}

func (m *memStore) NextReceiptNumber(context.Context) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.receipts++
	return fmt.Sprintf("R2024-%05d", m.receipts), nil
}

// fakeGateway charges successfully unless down, numbering charges in order.
type fakeGateway struct {
	name    string
	down    bool
	mu      sync.Mutex
	charges []ChargeRequest
	payouts map[string]Payout
}

func (g *fakeGateway) Name() string { return g.name }

func (g *fakeGateway) Charge(_ context.Context, req ChargeRequest) (string, error) {
	if g.down {
		return "", fmt.Errorf("%s: connect: connection refused: %w", g.name, ErrGatewayUnavailable)
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.charges = append(g.charges, req)
	return fmt.Sprintf("%s_ch_%d", g.name, len(g.charges)), nil
}

func (g *fakeGateway) Payout(_ context.Context, id string) (Payout, error) {
	p, ok := g.payouts[id]
	if !ok {
		return Payout{}, ErrNotFound
	}
	return p, nil
}

type receiptOutbox struct {
	mu   sync.Mutex
	sent []Receipt
}

func (o *receiptOutbox) Send(_ context.Context, r Receipt) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.sent = append(o.sent, r)
	return nil
}

var errPeriodClosed = errors.New("accounting period closed")

// closedLedger rejects every batch up front, as after month-end close.
type closedLedger struct{ batches []string }

func (l *closedLedger) Import(_ context.Context, batchID string, _ io.Reader) error {
	l.batches = append(l.batches, batchID)
	return errPeriodClosed
}

type fixedClock time.Time

func (c fixedClock) Now() time.Time { return time.Time(c) }

func TestReconcileWhenLedgerRejectsBatch(t *testing.T) {
	defer goleak.VerifyNone(t)

	now := time.Date(2024, 3, 28, 14, 0, 0, 0, time.UTC)
	primary := &fakeGateway{name: "cardnet", down: true}
	backup := &fakeGateway{name: "paystream"}
	store := newMemStore()
	receipts := &receiptOutbox{}
	ledger := &closedLedger{}

	p, err := New(Config{
		Gateways: []Gateway{primary, backup},
		Store:    store,
		Receipts: receipts,
		Ledger:   ledger,
		Clock:    fixedClock(now),
	})
	if err != nil {
		t.Fatal(err)
	}

	ctx := context.Background()
	gifts := []DonationRequest{
		{DonorID: "d1", Email: "a@example.org", Campaign: "flood-relief", CardToken: "tok_1", AmountCents: 2500, Currency: "gbp"},
		{DonorID: "d2", Email: "b@example.org", Campaign: "flood-relief", CardToken: "tok_2", AmountCents: 10000, Currency: "gbp"},
		{DonorID: "d3", Email: "c@example.org", Campaign: "school-meals", CardToken: "tok_3", AmountCents: 500, Currency: "gbp"},
	}
	for _, g := range gifts {
		d, err := p.Donate(ctx, g)
		if err != nil {
			t.Fatalf("Donate: %v", err)
		}
		if d.Gateway != "paystream" || d.Status != Receipted {
			t.Fatalf("donation %+v: want paystream and receipted", d)
		}
	}
	if len(receipts.sent) != 3 {
		t.Fatalf("sent %d receipts, want 3", len(receipts.sent))
	}
	if _, err := p.Donate(ctx, DonationRequest{AmountCents: 50, Currency: "gbp"}); !errors.Is(err, ErrInvalidAmount) {
		t.Fatalf("small gift: err = %v", err)
	}

	backup.payouts = map[string]Payout{
		"po_881": {
			ID: "po_881", Currency: "GBP", ArrivedAt: now.Add(48 * time.Hour), NetCents: 12655,
			Items: []PayoutItem{
				{ChargeID: "paystream_ch_1", GrossCents: 2500, FeeCents: 58},
				{ChargeID: "paystream_ch_2", GrossCents: 10000, FeeCents: 170},
				{ChargeID: "paystream_ch_3", GrossCents: 500, FeeCents: 27},
				{ChargeID: "paystream_ch_99", GrossCents: 1000, FeeCents: 35},
			},
		},
	}
	rep, err := p.Reconcile(ctx, "paystream", "po_881")
	if !errors.Is(err, errPeriodClosed) {
		t.Fatalf("Reconcile err = %v, want %v", err, errPeriodClosed)
	}
	if len(rep.Discrepancies) != 1 || rep.Discrepancies[0].ChargeID != "paystream_ch_99" {
		t.Fatalf("discrepancies = %+v", rep.Discrepancies)
	}
	if rep.Matched != 0 {
		t.Fatalf("matched = %d, want 0 after failed post", rep.Matched)
	}
	if len(ledger.batches) != 1 || ledger.batches[0] != "payout-paystream-po_881" {
		t.Fatalf("ledger batches = %v", ledger.batches)
	}
}
