package kiosk

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// manualTicker only fires when the test says so.
type manualTicker struct{ c chan time.Time }

func (t *manualTicker) C() <-chan time.Time { return t.c }
func (t *manualTicker) Stop()               {}

type manualClock struct{ now time.Time }

func (c manualClock) Now() time.Time { return c.now }
func (c manualClock) NewTicker(time.Duration) Ticker {
	return &manualTicker{c: make(chan time.Time)}
}

type fakeLink struct{ ch chan LinkState }

func (l *fakeLink) Changes() <-chan LinkState { return l.ch }

type fakeHQ struct {
	mu       sync.Mutex
	uploaded map[string]Sale
	uploads  chan int
}

func (h *fakeHQ) FetchCatalog(ctx context.Context, storeID string, since int64) (CatalogDelta, error) {
	return CatalogDelta{
		Version: 7,
		Upserts: []Product{
			{SKU: "4006381333931", Name: "Highlighter", PriceCents: 249},
			{SKU: "5449000000996", Name: "Cola 0.5l", PriceCents: 189},
		},
	}, nil
}

func (h *fakeHQ) UploadSales(ctx context.Context, storeID string, sales []Sale) error {
	h.mu.Lock()
	for _, s := range sales {
		h.uploaded[s.ID] = s
	}
	h.mu.Unlock()
	h.uploads <- len(sales)
	return nil
}

func TestUplinkFailoverThenStop(t *testing.T) {
	defer goleak.VerifyNone(t)

	link := &fakeLink{ch: make(chan LinkState)}
	hq := &fakeHQ{uploaded: make(map[string]Sale), uploads: make(chan int, 16)}
	a, err := New(Config{
		StoreID: "store-0193",
		HQ:      hq,
		Link:    link,
		Clock:   manualClock{now: time.Date(2024, 5, 4, 10, 30, 0, 0, time.UTC)},
		Logf:    t.Logf,
	})
	if err != nil {
		t.Fatal(err)
	}
	a.Start()

	// Store boots on wired ethernet, then the uplink fails over to LTE.
	link.ch <- LinkState{Online: true, Interface: "eth0"}
	link.ch <- LinkState{Online: true, Interface: "wwan0"}

	sale, err := a.RecordSale(map[string]int{"5449000000996": 2})
	if err != nil {
		t.Fatalf("RecordSale: %v", err)
	}
	if sale.TotalCents != 378 {
		t.Fatalf("total = %d, want 378", sale.TotalCents)
	}
	if n := <-hq.uploads; n != 1 {
		t.Fatalf("uploaded %d sales, want 1", n)
	}

	a.Stop()
	hq.mu.Lock()
	defer hq.mu.Unlock()
	if _, ok := hq.uploaded[sale.ID]; !ok {
		t.Fatalf("sale %s was not uploaded", sale.ID)
	}
}
