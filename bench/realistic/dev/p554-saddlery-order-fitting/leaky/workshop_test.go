package fitting

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

type diary struct {
	mu    sync.Mutex
	slots map[string]time.Time
}

func (d *diary) Book(_ context.Context, fitter, order string, earliest time.Time) (time.Time, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	at := time.Date(earliest.Year(), earliest.Month(), earliest.Day(), 9, 0, 0, 0, time.UTC)
	for at.Before(earliest) || d.slots[fitter+at.String()] != (time.Time{}) {
		at = at.Add(2 * time.Hour)
	}
	d.slots[fitter+at.String()] = at
	return at, nil
}

type outbox struct {
	mu   sync.Mutex
	sent []string
}

func (o *outbox) Notify(_ context.Context, customer, message string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.sent = append(o.sent, customer+": "+message)
	return nil
}

func tree(serial string, w Width, seat float64) Tree {
	return Tree{Serial: serial, Spec: TreeSpec{Width: w, SeatIn: seat}, Maker: "Bates & Pell", Received: time.Now()}
}

func TestWorkshopSpringOrders(t *testing.T) {
	defer goleak.VerifyNone(t)

	logger := log.New(testWriter{t}, "", 0)
	stock := NewStock(logger)
	stock.Receive(
		tree("T-2201", Medium, 17),
		tree("T-2202", Medium, 17.5),
		tree("T-2203", Narrow, 16.5),
	)

	mail := &outbox{}
	monday := time.Date(2024, 4, 8, 8, 0, 0, 0, time.UTC)
	w, err := NewWorkshop(stock, &diary{slots: map[string]time.Time{}},
		WithLogger(logger),
		WithNotifier(mail),
		WithFitters("Maggie", "Tom"),
		WithClock(func() time.Time { return monday }),
		WithReserveWait(80*time.Millisecond),
	)
	if err != nil {
		t.Fatal(err)
	}

	orders := []Order{
		{ID: "SO-311", Customer: "R. Okafor", Horse: "Juniper",
			Tracing: Tracing{WitherWidthCm: 19.0, ShoulderAngle: 85, BackLengthCm: 55, RiderFemurCm: 47}},
		{ID: "SO-312", Customer: "H. Lindqvist", Horse: "Bramble",
			Tracing: Tracing{WitherWidthCm: 22.0, ShoulderAngle: 88, BackLengthCm: 58, RiderFemurCm: 48.3}},
		{ID: "SO-313", Customer: "D. Marsh", Horse: "Tuppence",
			Tracing: Tracing{WitherWidthCm: 25.0, ShoulderAngle: 80, BackLengthCm: 56, RiderFemurCm: 49.5}},
	}
	want := []TreeSpec{{Medium, 17}, {Wide, 17.5}, {ExtraWide, 18}}
	for i, o := range orders {
		spec, err := SpecFor(o.Tracing)
		if err != nil || spec != want[i] {
			t.Fatalf("SpecFor(%s) = %v, %v; want %v", o.ID, spec, err, want[i])
		}
	}

	ctx := context.Background()

	f, err := w.Fit(ctx, orders[0])
	if err != nil {
		t.Fatalf("fit %s: %v", orders[0].ID, err)
	}
	if f.Tree.Serial != "T-2201" || f.Fitter != "Maggie" {
		t.Errorf("fit %s: tree %s fitter %s", f.OrderID, f.Tree.Serial, f.Fitter)
	}

	delivery := time.AfterFunc(20*time.Millisecond, func() {
		stock.Receive(tree("T-2290", Wide, 17.5), tree("T-2291", Wide, 18))
	})
	defer delivery.Stop()
	f, err = w.Fit(ctx, orders[1])
	if err != nil {
		t.Fatalf("fit %s: %v", orders[1].ID, err)
	}
	if f.Tree.Serial != "T-2290" {
		t.Errorf("fit %s: got tree %s, want T-2290 from the delivery", f.OrderID, f.Tree.Serial)
	}

	if _, err := w.Fit(ctx, orders[2]); !errors.Is(err, ErrNoTree) {
		t.Fatalf("fit %s: got %v, want ErrNoTree", orders[2].ID, err)
	}
	if d := stock.Demand(); len(d) != 0 {
		t.Errorf("demand after give-up = %v, want none", d)
	}
	if n := stock.Available(TreeSpec{Wide, 18}); n != 1 {
		t.Errorf("wide 18in on shelf = %d, want 1", n)
	}

	mail.mu.Lock()
	defer mail.mu.Unlock()
	if len(mail.sent) != 3 || !strings.Contains(mail.sent[2], "waiting for the extra-wide 18.0in tree") {
		t.Errorf("customer messages = %q", mail.sent)
	}
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
