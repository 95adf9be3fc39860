package beds

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memLog struct {
	mu        sync.Mutex
	movements []Movement
}

func (l *memLog) Append(_ context.Context, m Movement) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.movements = append(l.movements, m)
	return nil
}

type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

// display records every update it is sent.
type display struct {
	got chan Occupancy
}

func newDisplay() *display { return &display{got: make(chan Occupancy, 32)} }

func (d *display) Push(_ context.Context, occ Occupancy) error {
	d.got <- occ
	return nil
}

// waitFor returns the first update that satisfies ok.
func (d *display) waitFor(t *testing.T, ok func(Occupancy) bool) Occupancy {
	t.Helper()
	timeout := time.After(time.Second)
	for {
		select {
		case occ := <-d.got:
			if ok(occ) {
				return occ
			}
		case <-timeout:
			t.Fatal("timed out waiting for occupancy update")
		}
	}
}

func testBeds() []Bed {
	return []Bed{
		{ID: "4B-01", Ward: "4B"},
		{ID: "4B-02", Ward: "4B"},
		{ID: "4B-03", Ward: "4B", Isolation: true},
		{ID: "ICU-1", Ward: "ICU", Isolation: true},
		{ID: "ICU-2", Ward: "ICU"},
	}
}

func TestDisplayReconnectReceivesUpdates(t *testing.T) {
	defer goleak.VerifyNone(t)

	log := &memLog{}
	tr, err := New(Config{Beds: testBeds(), Log: log, Clock: fixedClock{time.Date(2024, 1, 9, 8, 0, 0, 0, time.UTC)}})
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()

	first := newDisplay()
	if err := tr.AttachWard("4B", first); err != nil {
		t.Fatal(err)
	}
	first.waitFor(t, func(o Occupancy) bool { return o.Total == 3 })

	// The nurse-station display rebooted and registers again.
	second := newDisplay()
	if err := tr.AttachWard("4B", second); err != nil {
		t.Fatal(err)
	}
	icu := newDisplay()
	if err := tr.AttachWard("ICU", icu); err != nil {
		t.Fatal(err)
	}

	ctx := context.Background()
	if err := tr.Admit(ctx, "MRN-1001", "4B-01", false); err != nil {
		t.Fatal(err)
	}
	occ := second.waitFor(t, func(o Occupancy) bool { return o.Occupied == 1 })
	if occ.Available() != 2 || occ.Isolation != 1 {
		t.Fatalf("unexpected occupancy %+v", occ)
	}

	if err := tr.Admit(ctx, "MRN-1002", "4B-02", true); !errors.Is(err, ErrIsolationNeeded) {
		t.Fatalf("admit to open bay with isolation need: err = %v", err)
	}
	if err := tr.TransferPatient(ctx, "MRN-1001", "ICU-2", false); err != nil {
		t.Fatal(err)
	}
	second.waitFor(t, func(o Occupancy) bool { return o.Occupied == 0 })
	icu.waitFor(t, func(o Occupancy) bool { return o.Occupied == 1 })

	if err := tr.DischargePatient(ctx, "MRN-1001"); err != nil {
		t.Fatal(err)
	}
	icu.waitFor(t, func(o Occupancy) bool { return o.Occupied == 0 })

	if got := len(log.movements); got != 3 {
		t.Fatalf("logged %d movements, want 3", got)
	}
	tr.Close()
	if err := tr.Admit(ctx, "MRN-1003", "4B-01", false); !errors.Is(err, ErrClosed) {
		t.Fatalf("admit after close: err = %v", err)
	}
}
