package auction

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

// scriptedFeed plays back a list of bids per lot, pausing between them, and
// closes the lot's channel when the script ends.
type scriptedFeed struct {
	gap    time.Duration
	script map[string][]Bid
}

func (f *scriptedFeed) Subscribe(ctx context.Context, lotID string) (<-chan Bid, error) {
	ch := make(chan Bid)
	bids := f.script[lotID]
	go func() {
		defer close(ch)
		for i, b := range bids {
			if i > 0 {
				select {
				case <-time.After(f.gap):
				case <-ctx.Done():
					return
				}
			}
			b.LotID, b.At = lotID, time.Now()
			select {
			case ch <- b:
			case <-ctx.Done():
				return
			}
		}
	}()
	return ch, nil
}

// downLedger simulates the accounting database being unreachable.
type downLedger struct {
	mu    sync.Mutex
	calls []string
}

func (l *downLedger) Settle(ctx context.Context, o Outcome) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls = append(l.calls, o.LotID)
	return errors.New("dial tcp 10.0.4.7:5432: connect: connection refused")
}

func TestSessionHaltsWhenLedgerIsDown(t *testing.T) {
	defer goleak.VerifyNone(t)

	feed := &scriptedFeed{gap: 25 * time.Millisecond, script: map[string][]Bid{
		"L-101": {{Bidder: "paddle-12", Amount: 200_00}, {Bidder: "paddle-40", Amount: 210_00}, {Bidder: "paddle-12", Amount: 220_00}, {Bidder: "paddle-40", Amount: 240_00}},
		"L-102": {{Bidder: "online-7", Amount: 50_00}, {Bidder: "paddle-40", Amount: 55_00}},
		"L-103": {{Bidder: "paddle-3", Amount: 1_000_00}, {Bidder: "online-19", Amount: 1_050_00}, {Bidder: "paddle-3", Amount: 1_100_00}},
	}}

	ledger := &downLedger{}
	house, err := NewHouse(feed, ledger, Config{
		Quiet:     200 * time.Millisecond,
		PremiumBP: 2_500,
		Logger:    log.New(io.Discard, "", 0),
	})
	if err != nil {
		t.Fatal(err)
	}

	lots := []Lot{
		{ID: "L-101", Title: "Victorian mahogany writing slope", OpeningBid: 200_00, Reserve: 180_00},
		{ID: "L-102", Title: "Pair of brass candlesticks", OpeningBid: 40_00},
		{ID: "L-103", Title: "Oil on canvas, harbour scene", OpeningBid: 1_000_00, Reserve: 900_00},
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()

	report, err := house.RunSession(ctx, lots)
	if !errors.Is(err, ErrLedger) {
		t.Fatalf("RunSession() error = %v, want ErrLedger", err)
	}
	if len(report.Sold) != 0 || report.Turnover != 0 {
		t.Fatalf("nothing should be recorded as sold, got %+v", report)
	}

	ledger.mu.Lock()
	defer ledger.mu.Unlock()
	if len(ledger.calls) != 1 || ledger.calls[0] != "L-102" {
		t.Fatalf("ledger calls = %v, want [L-102]", ledger.calls)
	}
}
