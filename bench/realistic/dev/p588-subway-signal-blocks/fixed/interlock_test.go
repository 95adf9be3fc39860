package interlock

import (
	"context"
	"errors"
	"log"
	"os"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type wayside struct {
	mu     sync.Mutex
	states map[BlockID]CircuitState
	reads  map[BlockID]int
}

func newWayside() *wayside {
	return &wayside{states: make(map[BlockID]CircuitState), reads: make(map[BlockID]int)}
}

func (w *wayside) State(ctx context.Context, id BlockID) (CircuitState, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.reads[id]++
	return w.states[id], nil
}

func (w *wayside) set(id BlockID, s CircuitState) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.states[id] = s
}

func (w *wayside) readCount(id BlockID) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.reads[id]
}

// awaitPolls waits until the interlock has read block id n more times.
func (w *wayside) awaitPolls(t *testing.T, id BlockID, n int) {
	t.Helper()
	target := w.readCount(id) + n
	deadline := time.Now().Add(time.Second)
	for w.readCount(id) < target {
		if time.Now().After(deadline) {
			t.Fatalf("block %s not polled %d more times", id, n)
		}
		time.Sleep(time.Millisecond)
	}
}

func eventuallyAspect(t *testing.T, ix *Interlock, train TrainID, id BlockID, want Aspect) {
	t.Helper()
	deadline := time.Now().Add(time.Second)
	for {
		got, err := ix.Aspect(train, id)
		if err != nil {
			t.Fatal(err)
		}
		if got == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("aspect of %s for %s is %v, want %v", id, train, got, want)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestRouteRefusedBehindMaintenanceVehicle(t *testing.T) {
	defer goleak.VerifyNone(t)

	const poll = 5 * time.Millisecond
	w := newWayside()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()

	ix, err := New(ctx, w, Config{
		Blocks:        []BlockID{"NB-101", "NB-102", "NB-103", "NB-104", "NB-105", "NB-106"},
		PollInterval:  poll,
		MaxCircuitAge: time.Second,
		StopTimeout:   100 * time.Millisecond,
		Logger:        log.New(os.Stderr, "interlock: ", log.Lmicroseconds),
	})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()

	northbound := []BlockID{"NB-105", "NB-106"}
	if err := ix.ReserveRoute(ctx, "T-311", northbound); err != nil {
		t.Fatalf("T-311: %v", err)
	}
	eventuallyAspect(t, ix, "T-311", "NB-105", AspectGreen)
	w.set("NB-105", CircuitOccupied)
	eventuallyAspect(t, ix, "T-311", "NB-105", AspectYellow)

	w.set("NB-103", CircuitOccupied)
	w.awaitPolls(t, "NB-103", 2)

	err = ix.ReserveRoute(ctx, "T-312", []BlockID{"NB-104", "NB-103", "NB-102"})
	if !errors.Is(err, ErrBlockOccupied) {
		t.Fatalf("T-312 through occupied NB-103: got %v, want ErrBlockOccupied", err)
	}
	for _, id := range []BlockID{"NB-102", "NB-104"} {
		if a, err := ix.Aspect("T-312", id); err != nil || a != AspectRed {
			t.Errorf("T-312 at %s: aspect %v, err %v; want red", id, a, err)
		}
	}
	if err := ix.ReserveRoute(ctx, "T-313", []BlockID{"NB-101", "NB-102"}); err != nil {
		t.Fatalf("T-313 after refused T-312: %v", err)
	}

	time.Sleep(10 * poll)

	if err := ix.ReleaseRoute("T-313", []BlockID{"NB-101", "NB-102"}); err != nil {
		t.Fatal(err)
	}
	if err := ix.ReleaseRoute("T-311", northbound); err != nil {
		t.Fatal(err)
	}
}
