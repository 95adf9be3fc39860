package resale

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type stubExchange struct {
	name     string
	latency  time.Duration
	listings []Listing
	err      error
}

func (s *stubExchange) Name() string { return s.name }

func (s *stubExchange) Listings(ctx context.Context, q Query) ([]Listing, error) {
	t := time.NewTimer(s.latency)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if s.err != nil {
		return nil, s.err
	}
	var out []Listing
	for _, l := range s.listings {
		if l.EventID == q.EventID && l.Seats >= q.MinSeats {
			l.Exchange = s.name
			out = append(out, l)
		}
	}
	return out, nil
}

func TestBestOfferAcrossExchanges(t *testing.T) {
	defer goleak.VerifyNone(t)

	const show = "ARENA-2024-06-14"
	fanSwap := &stubExchange{name: "fanswap", latency: 5 * time.Millisecond, listings: []Listing{
		{ListingID: "fs-1", EventID: show, Section: "104", Row: "F", Seats: 2, Contiguous: true, PricePerSeat: 8900, FaceValue: 8500, SellerRating: 4.8},
		{ListingID: "fs-2", EventID: show, Section: "FLOOR", Row: "3", Seats: 4, Contiguous: true, PricePerSeat: 45000, FaceValue: 15000, SellerRating: 4.9},
	}}
	stubHub := &stubExchange{name: "stubhaus", latency: 300 * time.Millisecond, listings: []Listing{
		{ListingID: "sh-9", EventID: show, Section: "104", Row: "A", Seats: 2, Contiguous: true, PricePerSeat: 7000, FaceValue: 8500, SellerRating: 4.1},
	}}
	vivid := &stubExchange{name: "vividrow", latency: 400 * time.Millisecond, err: errors.New("upstream 502")}
	seatPass := &stubExchange{name: "seatpass", latency: 2 * time.Millisecond, listings: []Listing{
		{ListingID: "sp-3", EventID: show, Section: "220", Row: "K", Seats: 3, Contiguous: false, PricePerSeat: 6100, FaceValue: 6000, SellerRating: 4.5},
	}}

	f, err := NewFinder([]Exchange{fanSwap, stubHub, vivid, seatPass},
		WithTimeout(time.Second),
		WithPolicy(PricePolicy{ServiceFeeBP: 1000, OrderFee: 250, CapOverFaceBP: 1000}),
	)
	if err != nil {
		t.Fatal(err)
	}

	offer, err := f.BestOffer(context.Background(), Request{
		EventID:         show,
		Quantity:        2,
		Together:        true,
		MaxTotal:        25000,
		InstantBuyBelow: 20000,
		MinSellerRating: 4.0,
	})
	if err != nil {
		t.Fatalf("BestOffer: %v", err)
	}
	if !offer.Instant || offer.Listing.ListingID != "fs-1" {
		t.Fatalf("expected instant buy of fs-1, got %v (instant=%v)", offer, offer.Instant)
	}
	if want := Cents(8900*2 + 1780 + 250); offer.Total != want {
		t.Errorf("total = %s, want %s", offer.Total, want)
	}

	if _, err := f.BestOffer(context.Background(), Request{EventID: show, Quantity: 0}); !errors.Is(err, ErrBadRequest) {
		t.Errorf("expected ErrBadRequest, got %v", err)
	}
}
