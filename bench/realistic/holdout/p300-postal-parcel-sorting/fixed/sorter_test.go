package sorting

import (
	"context"
	"fmt"
	"log"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type entry struct {
	dp      DeliveryPoint
	latency time.Duration
}

type fakeDirectory struct {
	entries map[string]entry // keyed by normalised postcode
}

func (d *fakeDirectory) Lookup(ctx context.Context, postcode, street string) (DeliveryPoint, error) {
	e, ok := d.entries[normalisePostcode(postcode)]
	if !ok {
		return DeliveryPoint{}, fmt.Errorf("%w: %s, %s", ErrUnknownRoute, street, postcode)
	}
	select {
	case <-time.After(e.latency):
		return e.dp, nil
	case <-ctx.Done():
		return DeliveryPoint{}, ctx.Err()
	}
}

type recordingDiverter struct {
	mu     sync.Mutex
	chutes map[string]int
}

func (r *recordingDiverter) Divert(ctx context.Context, barcode string, chute int) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.chutes[barcode] = chute
	return nil
}

func (r *recordingDiverter) chute(barcode string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.chutes[barcode]
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

func s10(serial int) string {
	digits := fmt.Sprintf("%08d", serial)
	weights := []int{8, 6, 4, 2, 3, 5, 9, 7}
	sum := 0
	for i, w := range weights {
		sum += int(digits[i]-'0') * w
	}
	check := 11 - sum%11
	switch check {
	case 10:
		check = 0
	case 11:
		check = 5
	}
	return fmt.Sprintf("RR%s%dGB", digits, check)
}

func TestMorningInductionWithSlowHighlandLookup(t *testing.T) {
	defer goleak.VerifyNone(t)

	plan := NewChutePlan(map[string]int{
		"EH4":  12,
		"EH10": 14,
		"G1":   21,
		"IV27": 33,
	})
	plan.AddDeliveryPoint(DeliveryPoint{DPID: "57430012", Postcode: "G1 1XQ", Round: "G1-02"})

	dir := &fakeDirectory{entries: map[string]entry{
		"EH41AB":  {dp: DeliveryPoint{DPID: "11", Postcode: "EH4 1AB", Round: "EH4-07"}, latency: time.Millisecond},
		"EH105QT": {dp: DeliveryPoint{DPID: "12", Postcode: "EH10 5QT", Round: "EH10-01"}, latency: 2 * time.Millisecond},
		// The directory shard for the far north answers slowly this morning.
		"IV274RA": {dp: DeliveryPoint{DPID: "13", Postcode: "IV27 4RA", Round: "IV27-03"}, latency: 400 * time.Millisecond},
	}}
	div := &recordingDiverter{chutes: map[string]int{}}
	s, err := New(Config{
		ScanToGate:    40 * time.Millisecond,
		DivertLatency: 10 * time.Millisecond,
		ManualChute:   99,
		MaxWeightG:    20000,
		Plan:          plan,
		Logger:        log.New(testWriter{t}, "", 0),
	}, dir, div)
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	parcels := []struct {
		p     Parcel
		chute int
	}{
		{Parcel{Barcode: s10(10000001), Postcode: "EH4 1AB", Street: "3 Cramond Glebe Rd", WeightG: 850}, 12},
		{Parcel{Barcode: s10(10000002), Postcode: "eh10 5qt", Street: "18 Morningside Dr", WeightG: 2300}, 14},
		{Parcel{Barcode: s10(10000003), Postcode: "G1 1XQ", DPID: "57430012", WeightG: 400}, 21},
		{Parcel{Barcode: s10(10000004), Postcode: "IV27 4RA", Street: "Croft 2, Achmelvich", WeightG: 1200}, 99},
		{Parcel{Barcode: s10(10000005), Postcode: "EH4 1AB", Street: "5 Cramond Glebe Rd", WeightG: 26000}, 99},
		{Parcel{Barcode: "RR10000006XGB", Postcode: "EH4 1AB", Street: "7 Cramond Glebe Rd", WeightG: 300}, 99},
		{Parcel{Barcode: s10(10000007), Postcode: "ZZ9 9ZZ", Street: "Nowhere", WeightG: 300}, 99},
		{Parcel{Barcode: s10(10000008), Postcode: "EH10 5QT", Street: "20 Morningside Dr", WeightG: 1100}, 14},
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	scans := make(chan Parcel)
	errc := make(chan error, 1)
	go func() { errc <- s.Run(ctx, scans) }()
	for _, pc := range parcels {
		scans <- pc.p
	}
	close(scans)
	if err := <-errc; err != nil {
		t.Fatalf("Run: %v", err)
	}

	for _, pc := range parcels {
		if got := div.chute(pc.p.Barcode); got != pc.chute {
			t.Errorf("parcel %s to %s: chute %d, want %d", pc.p.Barcode, pc.p.Postcode, got, pc.chute)
		}
	}
	want := Stats{ReasonRouted: 3, ReasonPrecoded: 1, ReasonTooSlow: 1, ReasonOverweight: 1, ReasonNoBarcode: 1, ReasonUnresolved: 1}
	got := s.Stats()
	for r, n := range want {
		if got[r] != n {
			t.Errorf("stats[%s] = %d, want %d", r, got[r], n)
		}
	}
}
