package ledger

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memStore struct {
	mu          sync.Mutex
	bids        []Bid
	settlements map[string]Settlement
	withdrawn   map[string]string
}

func newMemStore() *memStore {
	return &memStore{settlements: make(map[string]Settlement), withdrawn: make(map[string]string)}
}

func (s *memStore) AppendBid(ctx context.Context, b Bid) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.bids = append(s.bids, b)
	return nil
}

func (s *memStore) RecordSettlement(ctx context.Context, st Settlement) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settlements[st.LotID] = st
	return nil
}

func (s *memStore) RecordWithdrawal(ctx context.Context, lotID, reason string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.withdrawn[lotID] = reason
	return nil
}

func TestEveningSaleWithWithdrawnLot(t *testing.T) {
	store := newMemStore()
	clock := time.Date(2023, 11, 9, 19, 0, 0, 0, time.UTC)
	led := New(store, WithClock(func() time.Time { return clock }), WithStoreTimeout(time.Second))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	lots := []Lot{
		{ID: "101", Title: "Steiff mohair bear, c.1920", Seller: "estate-harlow", OpeningBid: 400_00, Reserve: 900_00},
		{ID: "102", Title: "Edwardian mahogany writing desk", Seller: "d.pryce", OpeningBid: 1_200_00, Reserve: 1_500_00},
		{ID: "103", Title: "Art Deco bronze table lamp", Seller: "m.okafor", OpeningBid: 250_00},
	}
	for _, lot := range lots {
		if err := led.OpenLot(lot); err != nil {
			t.Fatalf("open %s: %v", lot.ID, err)
		}
	}

	bids := []struct {
		lot    string
		bidder string
		amount Money
		want   error
	}{
		{"101", "paddle-17", 400_00, nil},
		{"102", "paddle-04", 1_200_00, nil},
		{"103", "paddle-17", 250_00, nil},
		{"101", "paddle-22", 410_00, ErrBelowMinimum},
		{"101", "paddle-22", 425_00, nil},
		{"102", "phone-2", 1_300_00, nil},
		{"102", "phone-2", 1_500_00, ErrAlreadyLeading},
		{"102", "paddle-04", 1_600_00, nil},
		{"101", "paddle-17", 450_00, nil},
	}
	for _, b := range bids {
		_, err := led.PlaceBid(ctx, b.lot, b.bidder, b.amount)
		if !errors.Is(err, b.want) {
			t.Fatalf("bid %s by %s on lot %s: got %v, want %v", b.amount, b.bidder, b.lot, err, b.want)
		}
	}

	// The lamp's consignor found a provenance problem mid-sale.
	if err := led.WithdrawLot(ctx, "103", "provenance query"); err != nil {
		t.Fatalf("withdraw 103: %v", err)
	}
	if _, err := led.PlaceBid(ctx, "103", "paddle-22", 275_00); !errors.Is(err, ErrUnknownLot) {
		t.Fatalf("bid on withdrawn lot: got %v, want ErrUnknownLot", err)
	}

	s, err := led.CloseLot(ctx, "102")
	if err != nil {
		t.Fatalf("close 102: %v", err)
	}
	if !s.Sold || s.Winner != "paddle-04" || s.Hammer != 1_600_00 {
		t.Fatalf("lot 102 settlement = %+v", s)
	}

	rest, err := led.EndSale(ctx)
	if err != nil {
		t.Fatalf("end sale: %v", err)
	}
	if len(rest) != 1 || rest[0].LotID != "101" || rest[0].Sold {
		t.Fatalf("end of sale settlements = %+v, want lot 101 passed", rest)
	}
	if store.withdrawn["103"] == "" || len(store.bids) != 7 {
		t.Fatalf("store: withdrawn=%v bids=%d", store.withdrawn, len(store.bids))
	}
	if err := led.OpenLot(Lot{ID: "104", OpeningBid: 50_00}); !errors.Is(err, ErrLedgerClosed) {
		t.Fatalf("open after sale: got %v", err)
	}

	goleak.VerifyNone(t)
}
