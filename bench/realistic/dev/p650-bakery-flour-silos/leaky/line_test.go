package flour

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeMixer struct {
	mu    sync.Mutex
	mixed []string
}

func (m *fakeMixer) Mix(ctx context.Context, mixer int, b Batch) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(2 * time.Millisecond):
	}
	m.mu.Lock()
	m.mixed = append(m.mixed, b.ID)
	m.mu.Unlock()
	return nil
}

type fakeSupplier struct {
	mu     sync.Mutex
	orders []string
}

func (s *fakeSupplier) RequestDelivery(ctx context.Context, silo, flourType string, kg float64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.orders = append(s.orders, fmt.Sprintf("%s:%s:%.0f", silo, flourType, kg))
	return nil
}

type testLogger struct{ t *testing.T }

func (l testLogger) Printf(format string, args ...interface{}) { l.t.Logf(format, args...) }

func TestShiftEndsWhileMixersWaitForFlour(t *testing.T) {
	defer goleak.VerifyNone(t)

	wheat, err := NewSilo(SiloConfig{Name: "silo-1", FlourType: "T65", CapacityKg: 2000, InitialKg: 450, ReorderKg: 400})
	if err != nil {
		t.Fatal(err)
	}
	rye, err := NewSilo(SiloConfig{Name: "silo-2", FlourType: "R997", CapacityKg: 1500, InitialKg: 900, ReorderKg: 300})
	if err != nil {
		t.Fatal(err)
	}

	results := make(chan BatchResult, 8)
	sup := &fakeSupplier{}
	line, err := NewLine([]*Silo{wheat, rye}, &fakeMixer{},
		WithMixers(3),
		WithSupplier(sup),
		WithLogger(testLogger{t}),
		WithOnBatch(func(r BatchResult) { results <- r }),
	)
	if err != nil {
		t.Fatal(err)
	}
	line.Start()

	ctx := context.Background()
	for i := 1; i <= 3; i++ {
		b := Batch{ID: fmt.Sprintf("B-%03d", i), Product: "baguette", FlourType: "T65", FlourKg: 200, WaterL: 140}
		if err := line.Submit(ctx, b); err != nil {
			t.Fatalf("submit %s: %v", b.ID, err)
		}
	}

	// Two batches fit in the silo; the third has to wait for a delivery.
	for i := 0; i < 2; i++ {
		select {
		case r := <-results:
			if r.Err != nil {
				t.Fatalf("batch %s: %v", r.Batch.ID, r.Err)
			}
		case <-time.After(2 * time.Second):
			t.Fatal("batch did not finish")
		}
	}

	if err := line.Submit(ctx, Batch{ID: "B-004", Product: "pain de campagne", FlourType: "T65", FlourKg: 80, WaterL: 56}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Second)
	for line.Waiting() < 2 {
		if time.Now().After(deadline) {
			t.Fatalf("waiting mixers = %d, want 2", line.Waiting())
		}
		time.Sleep(time.Millisecond)
	}

	sup.mu.Lock()
	if len(sup.orders) != 1 || sup.orders[0] != "silo-1:T65:1750" {
		t.Errorf("delivery orders = %v", sup.orders)
	}
	sup.mu.Unlock()

	// The delivery will not arrive before the end of the shift.
	line.Close()

	if st := wheat.Stats(); !st.Closed {
		t.Errorf("silo %s still open after line close", st.Name)
	}
}
