package quotes

import (
	"context"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// exchange answers every Stream with one opening quote per symbol; the stream
// then stays open, as a real one does between trades.
type exchange struct {
	prices map[string]float64
	open   time.Time
}

func (e *exchange) Stream(_ context.Context, symbols []string) (<-chan Quote, error) {
	ch := make(chan Quote, len(symbols))
	for _, s := range symbols {
		ch <- Quote{Symbol: s, Price: e.prices[s], At: e.open}
	}
	return ch, nil
}

func TestFollowMoreSymbols(t *testing.T) {
	defer goleak.VerifyNone(t)
	ex := &exchange{
		prices: map[string]float64{"AAPL": 189.5, "MSFT": 411.2},
		open:   time.Date(2024, 5, 2, 13, 30, 0, 0, time.UTC),
	}
	got := make(chan Quote, 8)
	f := NewFeed(ex, OnQuote(func(q Quote) { got <- q }))
	if err := f.Follow("aapl"); err != nil {
		t.Fatal(err)
	}
	<-got
	if err := f.Follow("aapl", "msft"); err != nil {
		t.Fatal(err)
	}
	<-got
	<-got
	if q, ok := f.Latest("MSFT"); !ok || q.Price != 411.2 {
		t.Fatalf("Latest(MSFT) = %v, %v", q, ok)
	}
	f.Close()
}
