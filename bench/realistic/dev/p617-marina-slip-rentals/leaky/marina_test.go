package marina

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeInventory struct {
	mu    sync.Mutex
	slips []Slip
	held  map[string]string
}

func newFakeInventory(slips ...Slip) *fakeInventory {
	return &fakeInventory{slips: slips, held: make(map[string]string)}
}

func (f *fakeInventory) Available(ctx context.Context, stay Stay) ([]Slip, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]Slip, len(f.slips))
	copy(out, f.slips)
	return out, nil
}

func (f *fakeInventory) Hold(ctx context.Context, slipID string, stay Stay, holder string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if h, ok := f.held[slipID]; ok && h != holder {
		return ErrSlipTaken
	}
	f.held[slipID] = holder
	return nil
}

func (f *fakeInventory) Release(ctx context.Context, slipID string, stay Stay) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.held, slipID)
	return nil
}

type fakePricer struct {
	stalled map[string]chan struct{}
}

func (p fakePricer) Quote(ctx context.Context, slip Slip, req Request) (Quote, error) {
	if backlog, ok := p.stalled[slip.Dock]; ok {
		select {
		case <-backlog:
		case <-ctx.Done():
			return Quote{}, ctx.Err()
		}
	}
	nightly := int64(req.Boat.LengthFt*300) + 1000
	return Quote{
		SlipID:  slip.ID,
		Nightly: nightly,
		Total:   nightly * int64(req.Stay.Nights()),
		Source:  "pricing",
	}, nil
}

func TestWeekendBookings(t *testing.T) {
	defer goleak.VerifyNone(t)

	inv := newFakeInventory(
		Slip{ID: "A-12", Dock: "A", MaxLengthFt: 30, MaxBeamFt: 11, DepthFt: 8},
		Slip{ID: "A-14", Dock: "A", MaxLengthFt: 45, MaxBeamFt: 15, DepthFt: 9, ShorePower: true},
		Slip{ID: "C-03", Dock: "C", MaxLengthFt: 50, MaxBeamFt: 16, DepthFt: 10, ShorePower: true},
		Slip{ID: "C-07", Dock: "C", MaxLengthFt: 60, MaxBeamFt: 18, DepthFt: 12, ShorePower: true},
	)
	inv.held["A-14"] = "harbour-master"

	dockC := make(chan struct{})
	pricer := fakePricer{stalled: map[string]chan struct{}{"C": dockC}}
	var logs bytes.Buffer
	svc, err := New(inv, pricer, Config{
		QuoteTimeout: 50 * time.Millisecond,
		Logger:       log.New(&logs, "marina ", 0),
		Now:          func() time.Time { return time.Date(2024, 7, 5, 9, 0, 0, 0, time.UTC) },
	})
	if err != nil {
		t.Fatal(err)
	}

	arrive := time.Date(2024, 7, 5, 0, 0, 0, 0, time.UTC)
	stay := Stay{Arrive: arrive, Depart: arrive.AddDate(0, 0, 2)}
	cases := []struct {
		boat     Boat
		wantSlip string
		wantSrc  string
	}{
		{Boat{Name: "Kestrel", LengthFt: 27.5, BeamFt: 9.8, DraftFt: 4.5}, "A-12", "pricing"},
		{Boat{Name: "Blue Heron", LengthFt: 42, BeamFt: 14, DraftFt: 5.5, ShorePower: true}, "C-03", "ratecard"},
	}
	for i, tc := range cases {
		req := Request{Customer: fmt.Sprintf("cust-%d", i+1), Boat: tc.boat, Stay: stay}
		r, err := svc.Reserve(context.Background(), req)
		if err != nil {
			t.Fatalf("reserve %s: %v", tc.boat.Name, err)
		}
		if r.Slip.ID != tc.wantSlip || r.Quote.Source != tc.wantSrc {
			t.Errorf("%s: got slip %s priced by %s, want %s by %s",
				tc.boat.Name, r.Slip.ID, r.Quote.Source, tc.wantSlip, tc.wantSrc)
		}
		if _, ok := svc.Reservation(r.ID); !ok {
			t.Errorf("reservation %s not recorded", r.ID)
		}
	}

	close(dockC)

	big := Request{Customer: "cust-9", Boat: Boat{Name: "Leviathan", LengthFt: 80, BeamFt: 22, DraftFt: 8}, Stay: stay}
	if _, err := svc.Reserve(context.Background(), big); err != ErrNoSlip {
		t.Errorf("oversized boat: got %v, want ErrNoSlip", err)
	}
	t.Log(logs.String())
}
