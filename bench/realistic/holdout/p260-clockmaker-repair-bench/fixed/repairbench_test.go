package repairbench

import (
	"context"
	"reflect"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type workshop struct {
	hours map[Piece]float64
}

func (w *workshop) Repair(ctx context.Context, clockmaker string, t *Ticket) (Report, error) {
	timer := time.NewTimer(5 * time.Millisecond)
	defer timer.Stop()
	select {
	case <-timer.C:
	case <-ctx.Done():
		return Report{}, ctx.Err()
	}
	return Report{
		Hours:         w.hours[t.Piece],
		RateSecPerDay: 2,
		Notes:         "cleaned, oiled, regulated",
	}, nil
}

func TestSaturdayAtTheBench(t *testing.T) {
	defer goleak.VerifyNone(t)

	done := make(chan Report, 8)
	bench, err := New(&workshop{hours: map[Piece]float64{
		CarriageClock: 4, PocketWatch: 3, LongcaseClock: 6,
	}},
		WithClockmakers("Harrison", "Tompion", "Graham"),
		WithStock(map[string]int{
			"MS-CARR-18":       1,
			"BSTAFF-WALTHAM18": 2,
			"SUSP-SPRING-0.10": 1,
		}),
		WithOnComplete(func(r Report, err error) {
			if err != nil {
				t.Errorf("ticket %s: %v", r.TicketID, err)
			}
			done <- r
		}),
	)
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	morning := time.Date(2024, time.February, 3, 9, 0, 0, 0, time.UTC)
	tickets := []Ticket{
		{ID: "R-2201", Owner: "Mrs Pell", Piece: CarriageClock, Maker: "Drocourt",
			Faults: []string{"mainspring broken"}, Parts: map[string]int{"MS-CARR-18": 1}, Received: morning},
		{ID: "R-2202", Owner: "Mr Okafor", Piece: PocketWatch, Maker: "Waltham",
			Faults: []string{"balance staff pivot broken"}, Parts: map[string]int{"BSTAFF-WALTHAM18": 1},
			Priority: Urgent, Received: morning.Add(10 * time.Minute)},
		{ID: "R-2203", Owner: "St Mary's vestry", Piece: LongcaseClock, Maker: "Vulliamy",
			Faults: []string{"stops after two days", "suspension spring kinked"},
			Parts:  map[string]int{"SUSP-SPRING-0.10": 1}, Received: morning.Add(25 * time.Minute)},
		{ID: "R-2204", Owner: "Mr Hale", Piece: PocketWatch, Maker: "Dent",
			Faults: []string{"fusee chain snapped"}, Parts: map[string]int{"FUSEE-CHAIN-6IN": 1},
			Received: morning.Add(40 * time.Minute)},
	}
	for _, tk := range tickets {
		if err := bench.Submit(tk); err != nil {
			t.Fatalf("submit %s: %v", tk.ID, err)
		}
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := bench.Open(ctx); err != nil {
		t.Fatalf("Open: %v", err)
	}

	timeout := time.After(2 * time.Second)
	got := map[string]bool{}
	for len(got) < 3 {
		select {
		case r := <-done:
			got[r.TicketID] = true
		case <-timeout:
			t.Fatalf("only %d tickets repaired by closing time", len(got))
		}
	}
	for _, id := range []string{"R-2201", "R-2202", "R-2203"} {
		if !got[id] {
			t.Errorf("ticket %s not repaired", id)
		}
	}

	want := []Shortage{{TicketID: "R-2204", Parts: []string{"FUSEE-CHAIN-6IN"}}}
	if short := bench.Awaiting(); !reflect.DeepEqual(short, want) {
		t.Errorf("awaiting parts = %+v, want %+v", short, want)
	}
	if repaired, returned := bench.Counts(); repaired != 3 || returned != 0 {
		t.Errorf("counts = %d repaired, %d returned; want 3, 0", repaired, returned)
	}

	bench.Close()
}
