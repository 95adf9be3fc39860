package rentaldesk

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeCards struct {
	mu       sync.Mutex
	n        int
	held     map[string]int64
	captured map[string]int64
}

func newFakeCards() *fakeCards {
	return &fakeCards{held: map[string]int64{}, captured: map[string]int64{}}
}

func (f *fakeCards) Hold(_ context.Context, c Customer, cents int64) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.n++
	id := fmt.Sprintf("hold-%d", f.n)
	f.held[id] = cents
	return id, nil
}

func (f *fakeCards) Capture(_ context.Context, id string, cents int64) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if cents > f.held[id] {
		return fmt.Errorf("capture %d exceeds hold %d", cents, f.held[id])
	}
	f.captured[id] = cents
	delete(f.held, id)
	return nil
}

func (f *fakeCards) Release(_ context.Context, id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.held, id)
	return nil
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

type outcome struct {
	r   Rental
	err error
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestSaturdayAtThePutIn(t *testing.T) {
	clk := &clock{t: time.Date(2024, 8, 3, 9, 0, 0, 0, time.Local)}
	cards := newFakeCards()
	desk, err := New([]Kayak{
		{ID: "S-01", Class: Single},
		{ID: "S-02", Class: Single},
		{ID: "T-01", Class: Tandem},
	}, cards, WithClock(clk.Now))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	ana := Customer{Name: "Ana", Phone: "555-0101", Paddlers: 1, WaiverSigned: true}
	ben := Customer{Name: "Ben", Phone: "555-0102", Paddlers: 1, WaiverSigned: true}
	cho := Customer{Name: "Cho", Phone: "555-0103", Paddlers: 2, WaiverSigned: true}
	eli := Customer{Name: "Eli", Phone: "555-0104", Paddlers: 1, WaiverSigned: true}
	fox := Customer{Name: "Fox family", Phone: "555-0105", Paddlers: 2, WaiverSigned: true}

	rAna, err := desk.Rent(ctx, ana, Single, 2)
	if err != nil {
		t.Fatal(err)
	}
	rBen, err := desk.Rent(ctx, ben, Single, 1)
	if err != nil {
		t.Fatal(err)
	}
	rCho, err := desk.Rent(ctx, cho, Tandem, 3)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := desk.Rent(ctx, eli, Single, 1); !errors.Is(err, ErrNoneAvailable) {
		t.Fatalf("rent with empty rack: got %v", err)
	}
	if err := desk.Waitlist(ctx, Customer{Name: "Gus", Phone: "555-0106", Paddlers: 1}, Single, 1, nil); !errors.Is(err, ErrWaiverRequired) {
		t.Fatalf("waitlist without waiver: got %v", err)
	}

	eliCh := make(chan outcome, 1)
	foxCh := make(chan outcome, 1)
	if err := desk.Waitlist(ctx, eli, Single, 1, func(r Rental, err error) { eliCh <- outcome{r, err} }); err != nil {
		t.Fatal(err)
	}
	if err := desk.Waitlist(ctx, fox, Tandem, 2, func(r Rental, err error) { foxCh <- outcome{r, err} }); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "waitlist", func() bool { return desk.Waiting(Single) == 1 && desk.Waiting(Tandem) == 1 })

	clk.Advance(2*time.Hour + 40*time.Minute)
	charge, err := desk.Return(ctx, rAna.ID, Good)
	if err != nil {
		t.Fatal(err)
	}
	if want := int64(2*1800 + 2*700); charge != want {
		t.Fatalf("Ana charged %d, want %d", charge, want)
	}
	select {
	case o := <-eliCh:
		if o.err != nil || o.r.Kayak.ID != "S-01" {
			t.Fatalf("Eli: %+v", o)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Eli never got a kayak")
	}

	clk.Advance(30 * time.Minute)
	if charge, err = desk.Return(ctx, rCho.ID, Damaged); err != nil {
		t.Fatal(err)
	}
	if want := int64(3*2800 + 700 + 15000); charge != want {
		t.Fatalf("Cho charged %d, want %d", charge, want)
	}
	if _, err := desk.Return(ctx, rBen.ID, Scuffed); err != nil {
		t.Fatal(err)
	}
	if _, err := desk.Return(ctx, rBen.ID, Good); !errors.Is(err, ErrUnknownRental) {
		t.Fatalf("double return: got %v", err)
	}

	sum := desk.Close()
	if sum.Rentals != 4 || sum.Turnaways != 1 || len(sum.ForRepair) != 1 || len(sum.StillOut) != 1 {
		t.Fatalf("unexpected summary: %+v", sum)
	}
	if _, err := desk.Rent(ctx, ana, Single, 1); !errors.Is(err, ErrDeskClosed) {
		t.Fatalf("rent after close: got %v", err)
	}

	goleak.VerifyNone(t)
}
