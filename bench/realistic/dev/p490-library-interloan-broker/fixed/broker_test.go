package interloan

import (
	"context"
	"errors"
	"log"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeLender struct {
	name     string
	shipDays int
	fee      int
	stock    map[string]bool

	mu        sync.Mutex
	reserved  map[string]string
	cancelled []string
}

func (l *fakeLender) Name() string { return l.name }

func (l *fakeLender) Quote(ctx context.Context, isbn string) (Quote, error) {
	return Quote{Available: l.stock[isbn], ShipDays: l.shipDays, FeeCents: l.fee}, nil
}

func (l *fakeLender) Reserve(ctx context.Context, isbn, holdID string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.reserved == nil {
		l.reserved = make(map[string]string)
	}
	l.reserved[holdID] = isbn
	return nil
}

func (l *fakeLender) Cancel(ctx context.Context, holdID string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.reserved, holdID)
	l.cancelled = append(l.cancelled, holdID)
	return nil
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

func TestPatronOverLimitThenExpirySweep(t *testing.T) {
	defer goleak.VerifyNone(t)

	start := time.Date(2024, 3, 4, 9, 0, 0, 0, time.UTC)
	ticks := make(chan time.Time)
	cfg := Config{
		MaxActivePerPatron: 2,
		HoldTTL:            48 * time.Hour,
		Now:                func() time.Time { return start },
		Logger:             log.New(testWriter{t}, "", 0),
		NewTicker: func(time.Duration) (<-chan time.Time, func()) {
			return ticks, func() {}
		},
	}
	county := &fakeLender{name: "county", shipDays: 3, fee: 0,
		stock: map[string]bool{"978-0-14-044913-6": true, "978-0-19-953556-9": true}}
	uni := &fakeLender{name: "university", shipDays: 5, fee: 250,
		stock: map[string]bool{"978-0-19-953556-9": true, "978-0-679-73452-9": true}}

	b, err := New(cfg, county, uni)
	if err != nil {
		t.Fatal(err)
	}

	ctx := context.Background()
	reqs := []Request{
		{Patron: "P-1187", ISBN: "978-0-14-044913-6", Title: "The Odyssey", PickupBranch: "Main"},
		{Patron: "P-1187", ISBN: "978-0-19-953556-9", Title: "Middlemarch", PickupBranch: "Main"},
	}
	for _, r := range reqs {
		h, err := b.PlaceHold(ctx, r)
		if err != nil {
			t.Fatalf("PlaceHold(%s): %v", r.Title, err)
		}
		if h.Lender != "county" || h.Status != StatusReserved {
			t.Fatalf("hold %+v", h)
		}
	}

	_, err = b.PlaceHold(ctx, Request{Patron: "P-1187", ISBN: "978-0-679-73452-9",
		Title: "Crime and Punishment", PickupBranch: "Main"})
	if !errors.Is(err, ErrHoldLimit) {
		t.Fatalf("third hold: err = %v, want ErrHoldLimit", err)
	}

	ticks <- start.Add(10 * 24 * time.Hour)

	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
}
