package rivet

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type airGun struct {
	id     string
	size   int
	drives int
}

func (g *airGun) ID() string { return g.id }

func (g *airGun) Drive(ctx context.Context, n int) (int, error) {
	select {
	case <-time.After(500 * time.Microsecond):
	case <-ctx.Done():
		return 0, ctx.Err()
	}
	g.drives++
	if g.drives%6 == 0 {
		return n - 1, ErrLooseRivet
	}
	return n, nil
}

type crib struct {
	mu   sync.Mutex
	out  int
	guns map[int]chan Gun
}

func newCrib(stock map[int]int) *crib {
	c := &crib{guns: make(map[int]chan Gun)}
	for size, n := range stock {
		ch := make(chan Gun, n)
		for i := 0; i < n; i++ {
			ch <- &airGun{id: fmt.Sprintf("G%d-%d", size, i+1), size: size}
		}
		c.guns[size] = ch
	}
	return c
}

func (c *crib) Checkout(ctx context.Context, crew string, d int) (Gun, error) {
	ch, ok := c.guns[d]
	if !ok {
		return nil, fmt.Errorf("%w: %d mm", ErrNoGun, d)
	}
	select {
	case g := <-ch:
		c.mu.Lock()
		c.out++
		c.mu.Unlock()
		return g, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (c *crib) Return(g Gun) {
	ag := g.(*airGun)
	c.mu.Lock()
	c.out--
	c.mu.Unlock()
	c.guns[ag.size] <- g
}

type ledger struct {
	mu   sync.Mutex
	bays map[string]BayReport
}

func (l *ledger) Record(ctx context.Context, hull string, r BayReport) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.bays == nil {
		l.bays = make(map[string]BayReport)
	}
	l.bays[r.Bay] = r
	return nil
}

func collier() Hull {
	plates := []float64{9, 11, 14, 18, 18, 14, 11, 9, 9}
	h := Hull{Number: "YN-412"}
	for i, p := range plates {
		h.Frames = append(h.Frames, Frame{Station: i * 2, GirthM: 5.5 + float64(i%4), PlateMM: p})
	}
	return h
}

func newYard(t *testing.T, c *crib, l *ledger) *Yard {
	t.Helper()
	y, err := New(c, l, Config{
		Crews:            []string{"Dunn", "McAteer", "Kowalski"},
		Batch:            40,
		MaxRedrivePerBay: 3,
		Logger:           log.New(os.Stderr, "slipway 2: ", 0),
	})
	if err != nil {
		t.Fatal(err)
	}
	return y
}

func TestRivetHull(t *testing.T) {
	defer goleak.VerifyNone(t)

	c := newCrib(map[int]int{16: 2, 19: 2, 22: 1})
	l := &ledger{}
	y := newYard(t, c, l)

	rep, err := y.RivetHull(context.Background(), collier())
	if err != nil {
		t.Fatalf("RivetHull: %v", err)
	}
	if len(rep.Bays) != 8 || len(l.bays) != 8 {
		t.Errorf("riveted %d bays, ledger has %d, want 8", len(rep.Bays), len(l.bays))
	}
	if rep.Driven == 0 {
		t.Error("no rivets driven")
	}
}

func TestRivetHullMissingGunSize(t *testing.T) {
	defer goleak.VerifyNone(t)

	c := newCrib(map[int]int{16: 2, 19: 2})
	l := &ledger{}
	y := newYard(t, c, l)

	_, err := y.RivetHull(context.Background(), collier())
	if !errors.Is(err, ErrNoGun) {
		t.Fatalf("RivetHull: got %v, want ErrNoGun", err)
	}
}
