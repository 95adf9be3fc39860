package cidersched

import (
	"context"
	"errors"
	"fmt"
	"log"
	"math"
	"os"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type benchPress struct {
	id       string
	capKg    float64
	duration time.Duration
}

func (p benchPress) ID() string          { return p.id }
func (p benchPress) CapacityKg() float64 { return p.capKg }

func (p benchPress) Run(ctx context.Context, b Batch) (Yield, error) {
	if b.Kg > p.capKg {
		return Yield{}, fmt.Errorf("press %s overloaded with %.0f kg", p.id, b.Kg)
	}
	select {
	case <-time.After(p.duration):
	case <-ctx.Done():
		return Yield{}, ctx.Err()
	}
	ratio := 0.66
	if b.Variety == "Kingston Black" {
		ratio = 0.6
	}
	litres := b.Kg * ratio
	return Yield{Litres: litres, PomaceKg: b.Kg - litres*1.04, Finished: time.Now()}, nil
}

type memStore struct {
	mu      sync.Mutex
	pending []Order
	loadErr error
	yields  []Yield
	done    map[string]bool
}

func (m *memStore) Pending(ctx context.Context) ([]Order, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.loadErr != nil {
		return nil, m.loadErr
	}
	var out []Order
	for _, o := range m.pending {
		if !m.done[o.ID] {
			out = append(out, o)
		}
	}
	return out, nil
}

func (m *memStore) SaveYield(ctx context.Context, y Yield) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.yields = append(m.yields, y)
	return nil
}

func (m *memStore) MarkDone(ctx context.Context, orderID string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.done == nil {
		m.done = make(map[string]bool)
	}
	m.done[orderID] = true
	return nil
}

func totalLitres(ys []Yield) float64 {
	var l float64
	for _, y := range ys {
		l += y.Litres
	}
	return l
}

func TestPressingDayAndRestartWithBrokenStore(t *testing.T) {
	defer goleak.VerifyNone(t)

	day := time.Date(2024, time.October, 5, 7, 30, 0, 0, time.UTC)
	store := &memStore{pending: []Order{
		{ID: "ORD-311", Orchard: "Hollow Oak", Variety: "Dabinett", AppleKg: 260, Received: day.Add(-20 * time.Hour)},
		{ID: "ORD-314", Orchard: "Three Wells", Variety: "Kingston Black", AppleKg: 90, Received: day.Add(-18 * time.Hour)},
	}}
	presses := []Press{
		benchPress{id: "rack-1", capKg: 120, duration: 4 * time.Millisecond},
		benchPress{id: "bladder-2", capKg: 100, duration: 6 * time.Millisecond},
	}
	logger := log.New(os.Stderr, "cidersched: ", 0)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()

	s, err := New(ctx, Config{Logger: logger}, store, presses...)
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	walkIn := Order{ID: "ORD-320", Orchard: "Pound Lane", Variety: "Yarlington Mill", AppleKg: 150, Priority: 1, Received: day}
	if err := s.Submit(ctx, walkIn); err != nil {
		t.Fatalf("submit walk-in: %v", err)
	}
	if err := s.Submit(ctx, walkIn); err == nil {
		t.Fatal("duplicate submit accepted")
	}

	want := map[string]float64{"ORD-311": 260 * 0.66, "ORD-314": 90 * 0.6, "ORD-320": 150 * 0.66}
	for id, litres := range want {
		ys, err := s.Wait(ctx, id)
		if err != nil {
			t.Fatalf("wait %s: %v", id, err)
		}
		if got := totalLitres(ys); math.Abs(got-litres) > 0.01 {
			t.Errorf("%s pressed %.1f l, want %.1f l", id, got, litres)
		}
		for _, y := range ys {
			if y.Batch.Kg > 100 {
				t.Errorf("%s loaded %.0f kg, above the smallest press", y.Batch, y.Batch.Kg)
			}
		}
	}
	if err := s.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	if err := s.Submit(ctx, Order{ID: "ORD-321", AppleKg: 40}); !errors.Is(err, ErrClosed) {
		t.Fatalf("submit after close: %v", err)
	}

	store.mu.Lock()
	doneCount := len(store.done)
	store.mu.Unlock()
	if doneCount != 3 {
		t.Fatalf("store has %d orders done, want 3", doneCount)
	}

	store.mu.Lock()
	store.loadErr = errors.New("database is locked")
	store.mu.Unlock()
	if _, err := New(ctx, Config{Logger: logger}, store, presses...); err == nil {
		t.Fatal("scheduler started without its pending orders")
	}
}
