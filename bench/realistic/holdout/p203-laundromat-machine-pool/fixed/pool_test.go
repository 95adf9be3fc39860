package laundromat

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeGateway struct {
	mu      sync.Mutex
	charged map[string]Cents
	n       int
}

func (g *fakeGateway) Charge(ctx context.Context, card string, amount Cents, memo string) (Receipt, error) {
	switch card {
	case "4000-0000-0000-0002":
		return Receipt{}, &DeclinedError{Code: "05", Reason: "do not honor"}
	case "4000-0000-0000-0119":
		<-ctx.Done()
		return Receipt{}, fmt.Errorf("gateway: acquirer did not answer: %w", ctx.Err())
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.n++
	if g.charged == nil {
		g.charged = make(map[string]Cents)
	}
	g.charged[memo] += amount
	return Receipt{ID: fmt.Sprintf("rcpt-%03d", g.n), Amount: amount, At: time.Now()}, nil
}

type fakeLoyalty map[string]int

func (f fakeLoyalty) DiscountPercent(ctx context.Context, id string) (int, error) {
	pct, ok := f[id]
	if !ok {
		return 0, errors.New("loyalty: card not found")
	}
	return pct, nil
}

func TestSaturdayMorningRush(t *testing.T) {
	defer goleak.VerifyNone(t)

	gw := &fakeGateway{}
	pool, err := NewPool(Config{
		Machines: []MachineSpec{
			{ID: "W1", Kind: Washer},
			{ID: "W2", Kind: Washer},
			{ID: "D1", Kind: Dryer},
		},
		ChargeTimeout: 40 * time.Millisecond,
	}, gw, fakeLoyalty{"LC-77": 10})
	if err != nil {
		t.Fatal(err)
	}

	first := make(chan []MachineStatus, 1)
	var once sync.Once
	stop := pool.WatchStatus(context.Background(), 5*time.Millisecond, func(s []MachineStatus) {
		once.Do(func() { first <- s })
	})
	defer stop()

	select {
	case s := <-first:
		if len(s) != 3 || s[0].ID != "D1" || s[0].State != Idle {
			t.Fatalf("unexpected first snapshot %+v", s)
		}
	case <-time.After(time.Second):
		t.Fatal("no status snapshot")
	}

	ctx := context.Background()
	c, err := pool.StartCycle(ctx, StartRequest{MachineID: "W1", Program: "normal", Card: "4242-4242-4242-4242"})
	if err != nil {
		t.Fatalf("W1: %v", err)
	}
	if c.Paid != 450 {
		t.Errorf("W1 paid %s", c.Paid)
	}

	if _, err := pool.StartCycle(ctx, StartRequest{MachineID: "W1", Program: "quick", Card: "4242-4242-4242-4242"}); !errors.Is(err, ErrMachineBusy) {
		t.Errorf("second start on W1: expected busy, got %v", err)
	}

	var declined *DeclinedError
	if _, err := pool.StartCycle(ctx, StartRequest{MachineID: "W2", Program: "heavy", Card: "4000-0000-0000-0002"}); !errors.As(err, &declined) {
		t.Errorf("W2 with bad card: expected decline, got %v", err)
	}

	if _, err := pool.StartCycle(ctx, StartRequest{MachineID: "W2", Program: "heavy", Card: "4000-0000-0000-0119"}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("W2 with slow acquirer: expected timeout, got %v", err)
	}

	d, err := pool.StartCycle(ctx, StartRequest{MachineID: "D1", Program: "high-heat", Card: "4242-4242-4242-4242", LoyaltyID: "LC-77"})
	if err != nil {
		t.Fatalf("D1: %v", err)
	}
	if d.Paid != 295 {
		t.Errorf("D1 paid %s, want $2.95", d.Paid)
	}

	if _, err := pool.StartCycle(ctx, StartRequest{MachineID: "D1", Program: "normal", Card: "4242-4242-4242-4242"}); !errors.Is(err, ErrUnknownProgram) {
		t.Errorf("washer program on dryer: got %v", err)
	}

	gw.mu.Lock()
	if gw.n != 2 {
		t.Errorf("gateway charged %d times, want 2", gw.n)
	}
	gw.mu.Unlock()
}
