package rearing

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

var errUnavailable = errors.New("registry: 503 service unavailable")

type fakeRegistry struct {
	now         time.Time
	nucs        []Nuc
	queenright  map[string]bool
	failAfter   int
	mu          sync.Mutex
	recorded    []Placement
	recordCalls int
}

func (r *fakeRegistry) Nucs(_ context.Context, yard string) ([]Nuc, error) {
	var out []Nuc
	for _, n := range r.nucs {
		if n.Yard == yard {
			out = append(out, n)
		}
	}
	return out, nil
}

func (r *fakeRegistry) LastInspection(ctx context.Context, nuc string) (Inspection, error) {
	select {
	case <-time.After(3 * time.Millisecond):
	case <-ctx.Done():
		return Inspection{}, ctx.Err()
	}
	qr := r.queenright[nuc]
	return Inspection{Nuc: nuc, At: r.now.Add(-30 * time.Hour), QueenSeen: qr, EggsSeen: qr}, nil
}

func (r *fakeRegistry) RecordPlacement(ctx context.Context, p Placement) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.recordCalls++
	if r.recordCalls > r.failAfter {
		return errUnavailable
	}
	r.recorded = append(r.recorded, p)
	return nil
}

func TestDistributeStopsWhenRegistryGoesDown(t *testing.T) {
	defer goleak.VerifyNone(t)

	grafted := time.Date(2024, 6, 3, 9, 0, 0, 0, time.UTC)
	now := grafted.Add(10*day + 2*time.Hour)

	reg := &fakeRegistry{
		now:        now,
		queenright: map[string]bool{"H-07": true},
		failAfter:  3,
	}
	for i := 1; i <= 12; i++ {
		n := Nuc{ID: fmt.Sprintf("H-%02d", i), Yard: "hollow-oak", Queenless: true, Frames: 3}
		if i == 5 {
			n.Frames = 1
		}
		reg.nucs = append(reg.nucs, n)
	}
	var cells []Cell
	for pos := 1; pos <= 14; pos++ {
		c := Cell{Bar: 1 + (pos-1)/7, Position: pos, Line: "carnica-K12", Capped: true}
		switch pos {
		case 3, 11:
			c.Capped = false
		case 9:
			c.Torn = true
		}
		cells = append(cells, c)
	}

	svc, err := New(reg, Config{Yard: "hollow-oak", Crew: 2, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}

	if _, err := svc.Distribute(context.Background(), grafted.Add(3*day), cells); !errors.Is(err, ErrOutsideWindow) {
		t.Fatalf("early transfer: err = %v, want ErrOutsideWindow", err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	rep, err := svc.Distribute(ctx, grafted, cells)
	if !errors.Is(err, errUnavailable) {
		t.Fatalf("err = %v, want registry outage", err)
	}
	if rep == nil {
		t.Fatal("nil report on partial distribution")
	}
	if len(rep.Culled) != 3 {
		t.Errorf("culled %v, want 3 cells", rep.Culled)
	}
	if len(rep.Placed) > 3 {
		t.Errorf("placed %d cells although the registry accepted only 3", len(rep.Placed))
	}
	for _, p := range rep.Placed {
		if !p.LayingCheck.Equal(grafted.Add(layingAfter)) {
			t.Errorf("%s: laying check %v", p.Cell, p.LayingCheck)
		}
	}
}
