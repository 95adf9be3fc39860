package aggregator

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeSupplier struct {
	name   string
	offers []Offer
	mu     sync.Mutex
	calls  int
}

func (f *fakeSupplier) Name() string { return f.name }

func (f *fakeSupplier) Search(ctx context.Context, q Query) ([]Offer, error) {
	f.mu.Lock()
	f.calls++
	f.mu.Unlock()
	out := make([]Offer, len(f.offers))
	copy(out, f.offers)
	return out, nil
}

// openBreaker refuses calls to the listed suppliers.
type openBreaker struct{ open map[string]bool }

func (b openBreaker) Allow(s string) bool      { return !b.open[s] }
func (b openBreaker) Record(s string, _ error) {}

func TestSearchSkipsSupplierWithOpenBreaker(t *testing.T) {
	defer goleak.VerifyNone(t)

	atlas := &fakeSupplier{name: "atlas", offers: []Offer{
		{Supplier: "atlas", HotelID: "H1", RoomCode: "DBL", BoardBasis: "RO", TotalMinor: 21000},
		{Supplier: "atlas", HotelID: "H2", RoomCode: "TWN", BoardBasis: "BB", TotalMinor: 18000, Refundable: true},
	}}
	meridian := &fakeSupplier{name: "meridian", offers: []Offer{
		{Supplier: "meridian", HotelID: "H1", RoomCode: "DBL", BoardBasis: "RO", TotalMinor: 19900},
	}}
	legacy := &fakeSupplier{name: "legacy", offers: []Offer{
		{Supplier: "legacy", HotelID: "H1", RoomCode: "DBL", BoardBasis: "RO", TotalMinor: 15000},
	}}

	agg, err := New(Config{
		Suppliers:  []Supplier{atlas, legacy, meridian},
		Timeout:    200 * time.Millisecond,
		Breaker:    openBreaker{open: map[string]bool{"legacy": true}},
		Preference: []string{"meridian", "atlas"},
	})
	if err != nil {
		t.Fatal(err)
	}

	checkIn := time.Date(2024, 5, 10, 0, 0, 0, 0, time.UTC)
	res, err := agg.Search(context.Background(), Query{
		HotelIDs: []string{"H1", "H2"},
		CheckIn:  checkIn,
		CheckOut: checkIn.AddDate(0, 0, 3),
		Adults:   2,
		Currency: "EUR",
	})
	if err != nil {
		t.Fatalf("Search: %v", err)
	}
	if legacy.calls != 0 {
		t.Fatalf("legacy called %d times despite open breaker", legacy.calls)
	}
	if len(res.Skipped) != 1 || res.Skipped[0] != "legacy" {
		t.Fatalf("Skipped = %v", res.Skipped)
	}
	if len(res.Answered) != 2 {
		t.Fatalf("Answered = %v", res.Answered)
	}
	if len(res.Offers) != 2 {
		t.Fatalf("Offers = %+v", res.Offers)
	}
	if o := res.Offers[0]; o.HotelID != "H1" || o.Supplier != "meridian" || o.TotalMinor != 19900 {
		t.Fatalf("best H1 offer = %+v", o)
	}
	if o := res.Offers[1]; o.HotelID != "H2" || o.Supplier != "atlas" {
		t.Fatalf("H2 offer = %+v", o)
	}
}
