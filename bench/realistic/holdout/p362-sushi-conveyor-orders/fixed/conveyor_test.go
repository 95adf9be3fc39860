package conveyor

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type instantClock struct{}

func (instantClock) Now() time.Time { return time.Unix(1700000000, 0) }

func (instantClock) Sleep(ctx context.Context, d time.Duration) error { return ctx.Err() }

type tablet struct {
	mu     sync.Mutex
	served []Plate
	want   int
	full   chan struct{}
}

func newTablet(want int) *tablet {
	return &tablet{want: want, full: make(chan struct{})}
}

func (t *tablet) Serve(p Plate) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.served = append(t.served, p)
	if len(t.served) == t.want {
		close(t.full)
	}
}

func (t *tablet) wait(tb testing.TB) {
	tb.Helper()
	select {
	case <-t.full:
	case <-time.After(2 * time.Second):
		tb.Fatalf("tablet: timed out waiting for %d plates", t.want)
	}
}

var testMenu = Menu{
	"maguro":  {Name: "maguro", Color: Red, PrepTime: 40 * time.Second},
	"tamago":  {Name: "tamago", Color: Green, PrepTime: 20 * time.Second},
	"uni":     {Name: "uni", Color: Gold, PrepTime: 90 * time.Second},
	"kappa":   {Name: "kappa", Color: Green, PrepTime: 15 * time.Second},
	"salmon":  {Name: "salmon", Color: Blue, PrepTime: 30 * time.Second},
	"inari":   {Name: "inari", Color: Green, PrepTime: 10 * time.Second},
	"unagi":   {Name: "unagi", Color: Red, PrepTime: 60 * time.Second},
	"ebi-ten": {Name: "ebi-ten", Color: Blue, PrepTime: 45 * time.Second},
}

func TestGuestLeavesBeforeClosing(t *testing.T) {
	defer goleak.VerifyNone(t)

	belt := NewBelt(4)
	kitchen := NewKitchen(testMenu, belt, 2, WithClock(instantClock{}))

	early, late := newTablet(2), newTablet(3)
	if err := belt.Sit(3, early); err != nil {
		t.Fatal(err)
	}
	if err := belt.Sit(5, late); err != nil {
		t.Fatal(err)
	}

	ctx := context.Background()
	if err := kitchen.Submit(ctx, Order{Seat: 3, Items: []string{"maguro", "uni"}}); err != nil {
		t.Fatal(err)
	}
	if err := kitchen.Submit(ctx, Order{Seat: 5, Items: []string{"tamago", "salmon", "unagi"}}); err != nil {
		t.Fatal(err)
	}
	if err := kitchen.Submit(ctx, Order{Seat: 5, Items: []string{"fugu"}}); err == nil {
		t.Error("expected unknown item to be rejected")
	}

	early.wait(t)
	bill, err := belt.Leave(3)
	if err != nil {
		t.Fatal(err)
	}
	if want := Red.Yen() + Gold.Yen(); bill.Total != want {
		t.Errorf("seat 3 bill = %d, want %d", bill.Total, want)
	}
	if _, err := belt.Leave(3); err != ErrSeatEmpty {
		t.Errorf("second Leave: got %v, want ErrSeatEmpty", err)
	}

	late.wait(t)
	kitchen.Close()
	belt.Close()

	if n := belt.Missed(); n != 0 {
		t.Errorf("missed plates = %d, want 0", n)
	}
}
