package seats

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeTicker struct{ ch chan time.Time }

func (t *fakeTicker) C() <-chan time.Time { return t.ch }
func (t *fakeTicker) Stop()               {}

type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	ticker *fakeTicker
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) NewTicker(time.Duration) Ticker { return c.ticker }

// advance moves the clock forward and delivers a reaper tick. It returns
// once the reaper has taken the tick.
func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	now := c.now
	c.mu.Unlock()
	c.ticker.ch <- now
}

// fakePartner returns the scripted blocked-seat lists in order, one per
// sync, and records the availability pushed to it.
type fakePartner struct {
	name    string
	blocked [][]string
	pushed  []Availability
}

func (p *fakePartner) Name() string { return p.name }

func (p *fakePartner) BlockedSeats(ctx context.Context, flightID string) ([]string, error) {
	if len(p.blocked) == 0 {
		return nil, errors.New("partner unavailable")
	}
	b := p.blocked[0]
	p.blocked = p.blocked[1:]
	return b, nil
}

func (p *fakePartner) PushAvailability(ctx context.Context, a Availability) error {
	p.pushed = append(p.pushed, a)
	return nil
}

func TestPartnerSyncAfterEquipmentSwap(t *testing.T) {
	defer goleak.VerifyNone(t)

	clock := &fakeClock{
		now:    time.Date(2024, 6, 1, 8, 0, 0, 0, time.UTC),
		ticker: &fakeTicker{ch: make(chan time.Time)},
	}
	partner := &fakePartner{
		name: "ZQ",
		blocked: [][]string{
			{"2B"},
			// The partner still has the old aircraft's seat map.
			{"2B", "31K"},
		},
	}
	inv := New(
		WithClock(clock),
		WithHoldTTL(15*time.Minute),
		WithPartners(partner),
	)
	defer inv.Close()

	const flightID = "XY123-20240601"
	if err := inv.AddFlight(flightID, []string{"1A", "1B", "2A", "2B"}); err != nil {
		t.Fatal(err)
	}
	if _, err := inv.HoldSeat(flightID, "1A", "PNR-K7Q2ZD"); err != nil {
		t.Fatalf("HoldSeat() error = %v", err)
	}
	if _, err := inv.HoldSeat(flightID, "1A", "PNR-OTHER"); !errors.Is(err, ErrSeatUnavailable) {
		t.Fatalf("second HoldSeat() error = %v, want ErrSeatUnavailable", err)
	}

	ctx := context.Background()
	if err := inv.SyncPartners(ctx, flightID); err != nil {
		t.Fatalf("first SyncPartners() error = %v", err)
	}
	if len(partner.pushed) != 1 || partner.pushed[0].Blocked != 1 || partner.pushed[0].Held != 1 {
		t.Fatalf("pushed availability = %+v", partner.pushed)
	}

	if err := inv.SyncPartners(ctx, flightID); !errors.Is(err, ErrPartnerSync) {
		t.Fatalf("second SyncPartners() error = %v, want ErrPartnerSync", err)
	}

	// The hold on 1A expires and the reaper runs.
	clock.advance(16 * time.Minute)
}
