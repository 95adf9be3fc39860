package crane

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

type fakeHoist struct {
	mu     sync.Mutex
	cycle  time.Duration
	lifted map[string][]string
}

func (h *fakeHoist) Lift(ctx context.Context, craneID string, m Move) error {
	select {
	case <-time.After(h.cycle):
	case <-ctx.Done():
		return ctx.Err()
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.lifted == nil {
		h.lifted = make(map[string][]string)
	}
	h.lifted[craneID] = append(h.lifted[craneID], m.Container)
	return nil
}

func dischargePlan(n int, first int) []Move {
	moves := make([]Move, 0, n)
	for i := 0; i < n; i++ {
		moves = append(moves, Move{
			ID:        fmt.Sprintf("DSCH-%03d", first+i),
			Container: fmt.Sprintf("MSCU%07d", 4410000+first+i),
			From:      Slot{Bay: 14, Row: i%6 + 1, Tier: 82},
			To:        Slot{},
			Weight:    18.5 + float64(i),
		})
	}
	return moves
}

func TestBerthShift(t *testing.T) {
	defer goleak.VerifyNone(t)

	hoist := &fakeHoist{cycle: 5 * time.Millisecond}
	logger := log.New(os.Stderr, "berth ", log.Lmicroseconds)
	alloc, err := New("NQ-04", []string{"STS-11", "STS-12", "STS-13"}, hoist,
		WithMaxQueue(32),
		WithMoveTimeout(time.Second),
		WithLogger(logger),
	)
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	var results []<-chan Result
	for _, m := range dischargePlan(9, 1) {
		ch, err := alloc.Submit(m)
		if err != nil {
			t.Fatalf("Submit %s: %v", m.ID, err)
		}
		results = append(results, ch)
	}
	for _, ch := range results {
		select {
		case r := <-ch:
			if r.Err != nil {
				t.Errorf("move %s: %v", r.MoveID, r.Err)
			}
		case <-time.After(2 * time.Second):
			t.Fatal("discharge did not finish")
		}
	}

	if _, err := alloc.Submit(Move{ID: "LOAD-001", Container: "MSCU4419999", From: Slot{}, To: Slot{Bay: 14, Row: 1, Tier: 82}, Weight: 71}); !errors.Is(err, ErrOverweight) {
		t.Errorf("overweight move: got %v, want ErrOverweight", err)
	}

	alloc.Suspend("gusts 23 m/s at boom tip")
	var held []<-chan Result
	for _, m := range dischargePlan(2, 10) {
		ch, err := alloc.Submit(m)
		if err != nil {
			t.Fatalf("Submit %s while suspended: %v", m.ID, err)
		}
		held = append(held, ch)
	}
	if st := alloc.Stats(); st.Queued != 2 || !st.Suspended {
		t.Errorf("stats while suspended: %+v", st)
	}

	if err := alloc.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	for _, ch := range held {
		if r := <-ch; !errors.Is(r.Err, ErrClosed) {
			t.Errorf("held move %s: got %v, want ErrClosed", r.MoveID, r.Err)
		}
	}

	st := alloc.Stats()
	if st.Completed != 9 || st.Failed != 2 {
		t.Errorf("final stats: completed=%d failed=%d", st.Completed, st.Failed)
	}
}
