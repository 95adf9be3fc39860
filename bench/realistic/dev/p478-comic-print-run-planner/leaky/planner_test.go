package printrun

import (
	"context"
	"io"
	"log"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type rateVendor struct {
	name      string
	unitCents int64
	setup     int64
	lead      time.Duration
	now       time.Time
	booked    bool
}

func (v rateVendor) Name() string { return v.name }

func (v rateVendor) Quote(ctx context.Context, req QuoteRequest) (Quote, error) {
	if v.booked {
		return Quote{}, ErrNoCapacity
	}
	unit := v.unitCents * int64(req.InteriorPages) / 32
	if req.Foil {
		unit += 30
	}
	return Quote{
		Vendor:     v.name,
		SKU:        req.SKU,
		Quantity:   req.Quantity,
		UnitCents:  unit,
		SetupCents: v.setup,
		ShipDate:   v.now.Add(v.lead),
	}, nil
}

func TestPlanMixesOffsetAndDigitalCovers(t *testing.T) {
	defer goleak.VerifyNone(t)

	now := time.Date(2024, time.May, 2, 9, 0, 0, 0, time.UTC)
	vendors := []Vendor{
		rateVendor{name: "quebecor-west", unitCents: 38, setup: 42000, lead: 12 * 24 * time.Hour, now: now},
		rateVendor{name: "lakeside-web", unitCents: 33, setup: 61000, lead: 16 * 24 * time.Hour, now: now},
		rateVendor{name: "harbor-offset", booked: true},
	}
	p, err := New(vendors,
		WithMinOffsetQuantity(1000),
		WithQuoteWindow(250*time.Millisecond),
		WithClock(func() time.Time { return now }),
		WithLogger(log.New(io.Discard, "", 0)),
	)
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	run := PrintRun{
		Series:        "Night Orchard",
		Issue:         7,
		InteriorPages: 32,
		InteriorStock: StockGloss,
		OnSale:        now.Add(45 * 24 * time.Hour),
		Variants: []Variant{
			{SKU: "NO7-A", Kind: CoverMain, Quantity: 18000},
			{SKU: "NO7-B", Kind: CoverVariant, Quantity: 3000, Foil: true},
			{SKU: "NO7-RI25", Kind: CoverIncentive, RatioOf: 25},
			{SKU: "NO7-V50", Kind: CoverVirgin, RatioOf: 50},
		},
	}
	plan, err := p.Plan(context.Background(), run)
	if err != nil {
		t.Fatalf("Plan: %v", err)
	}
	if len(plan.Missing) != 0 {
		t.Fatalf("missing quotes for %v", plan.Missing)
	}
	if len(plan.Lines) != 4 {
		t.Fatalf("got %d lines, want 4", len(plan.Lines))
	}
	byVendor := map[string]string{}
	for _, l := range plan.Lines {
		byVendor[l.Variant.SKU] = l.Quote.Vendor
	}
	want := map[string]string{
		"NO7-A":    "lakeside-web",
		"NO7-B":    "quebecor-west",
		"NO7-RI25": houseDigital,
		"NO7-V50":  houseDigital,
	}
	for sku, v := range want {
		if byVendor[sku] != v {
			t.Errorf("%s printed by %q, want %q", sku, byVendor[sku], v)
		}
	}
	if plan.Lines[2].Variant.Quantity != 720 {
		t.Errorf("1:25 incentive quantity %d, want 720", plan.Lines[2].Variant.Quantity)
	}
}
