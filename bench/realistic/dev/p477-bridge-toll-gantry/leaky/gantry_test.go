package gantry

import (
	"context"
	"errors"
	"io"
	"log"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type sliceSource struct {
	mu    sync.Mutex
	reads []TagRead
	next  int
}

func (s *sliceSource) Next(ctx context.Context) (TagRead, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return TagRead{}, err
	}
	if s.next >= len(s.reads) {
		return TagRead{}, io.EOF
	}
	r := s.reads[s.next]
	s.next++
	return r, nil
}

// outageLedger accepts a fixed number of charges and then reports the back
// office as unreachable.
type outageLedger struct {
	mu       sync.Mutex
	capacity int
	charged  map[string]int64
	calls    int
}

func (l *outageLedger) Charge(ctx context.Context, account string, amount int64, ref string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls++
	if len(l.charged) >= l.capacity {
		return ErrLedgerUnavailable
	}
	if l.charged == nil {
		l.charged = make(map[string]int64)
	}
	l.charged[ref] = amount
	return nil
}

type stubCamera struct{ plate string }

func (c stubCamera) Capture(ctx context.Context, lane int, at time.Time) (string, error) {
	return c.plate, nil
}

func TestSettleLaneStopsAtLedgerOutage(t *testing.T) {
	defer goleak.VerifyNone(t)

	morning := time.Date(2024, time.March, 12, 7, 41, 0, 0, time.UTC)
	src := &sliceSource{reads: []TagRead{
		{Lane: 2, TagID: "T-1001", Account: "ACC-77", Axles: 2, HeightCM: 150, At: morning},
		{Lane: 2, TagID: "T-2040", Account: "ACC-12", Axles: 5, HeightCM: 390, At: morning.Add(4 * time.Second)},
		{Lane: 2, Axles: 2, HeightCM: 160, At: morning.Add(9 * time.Second)},
		{Lane: 2, TagID: "T-3310", Account: "ACC-31", Axles: 2, HeightCM: 140, At: morning.Add(15 * time.Second)},
		{Lane: 2, TagID: "T-0550", Account: "ACC-05", Axles: 2, HeightCM: 120, At: morning.Add(21 * time.Second)},
		{Lane: 2, TagID: "T-1001", Account: "ACC-77", Axles: 2, HeightCM: 150, At: morning.Add(30 * time.Second)},
	}}
	ledger := &outageLedger{capacity: 2}
	g, err := New(Config{
		GantryID:     "NB-03",
		Ledger:       ledger,
		Camera:       stubCamera{plate: "KLM 4471"},
		Tariff:       DefaultTariff(),
		RetryBackoff: time.Millisecond,
		Logger:       log.New(io.Discard, "", 0),
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	rep, err := g.SettleLane(context.Background(), 2, src)
	if !errors.Is(err, ErrLedgerUnavailable) {
		t.Fatalf("SettleLane error = %v, want ErrLedgerUnavailable", err)
	}
	if rep.Charged != 2 {
		t.Errorf("charged %d crossings before the outage, want 2", rep.Charged)
	}
	if len(rep.Violations) != 1 || rep.Violations[0].Plate != "KLM 4471" {
		t.Errorf("violations = %+v, want the untagged car", rep.Violations)
	}
	if want := int64(450*150/100 + 1850*150/100); rep.RevenueCents != want {
		t.Errorf("revenue %d, want %d", rep.RevenueCents, want)
	}
	if got := g.Totals().Passes; got != 4 {
		t.Errorf("totals passes %d, want 4", got)
	}
}
