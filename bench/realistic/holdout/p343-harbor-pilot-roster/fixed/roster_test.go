package roster

import (
	"context"
	"errors"
	"io"
	"log"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fixedClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fixedClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fixedClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

type device struct {
	mu  sync.Mutex
	got []Assignment
	in  chan struct{}
}

func newDevice() *device { return &device{in: make(chan struct{}, 16)} }

func (d *device) receive(a Assignment) {
	d.mu.Lock()
	d.got = append(d.got, a)
	d.mu.Unlock()
	d.in <- struct{}{}
}

func (d *device) await(t *testing.T) {
	t.Helper()
	select {
	case <-d.in:
	case <-time.After(time.Second):
		t.Fatal("device did not receive assignment")
	}
}

func TestDeviceReconnectKeepsReceivingAssignments(t *testing.T) {
	defer goleak.VerifyNone(t)

	clock := &fixedClock{now: time.Date(2024, 3, 14, 5, 30, 0, 0, time.UTC)}
	r, err := New(Config{
		MinRest:      2 * time.Hour,
		BoardingLead: 45 * time.Minute,
		Clock:        clock,
		Logger:       log.New(io.Discard, "", 0),
	},
		Pilot{ID: "P-11", Name: "Ingrid Vos", License: LicenseClassA, OnDuty: true},
		Pilot{ID: "P-12", Name: "Tomas Reyes", License: LicenseClassC, OnDuty: true},
	)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()

	tablet := newDevice()
	stopOld, err := r.Watch("P-11", tablet.receive)
	if err != nil {
		t.Fatal(err)
	}
	defer stopOld()

	stopNew, err := r.Watch("P-11", tablet.receive)
	if err != nil {
		t.Fatal(err)
	}
	defer stopNew()

	ctx := context.Background()
	a, err := r.Assign(ctx, Movement{
		ID: "MV-2031", Vessel: "MSC Aurora", LengthM: 366, DraftM: 15.2,
		Berth: "Container terminal 4", Kind: "arrival", Window: clock.Now().Add(3 * time.Hour),
	})
	if err != nil {
		t.Fatalf("Assign: %v", err)
	}
	if a.PilotID != "P-11" {
		t.Fatalf("366 m vessel assigned to %s, want class A pilot P-11", a.PilotID)
	}
	tablet.await(t)

	if _, err := r.Assign(ctx, Movement{ID: "MV-2032", Vessel: "Hapag Elbe", LengthM: 300, Window: clock.Now()}); !errors.Is(err, ErrNoPilot) {
		t.Errorf("second large vessel: err = %v, want ErrNoPilot", err)
	}

	clock.Advance(90 * time.Minute)
	if err := r.Release("P-11"); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Hour)
	if _, err := r.Assign(ctx, Movement{ID: "MV-2033", Vessel: "Hapag Elbe", LengthM: 300, Window: clock.Now()}); !errors.Is(err, ErrNoPilot) {
		t.Errorf("pilot assigned before minimum rest: err = %v", err)
	}
	clock.Advance(time.Hour)
	if _, err := r.Assign(ctx, Movement{ID: "MV-2033", Vessel: "Hapag Elbe", LengthM: 300, Window: clock.Now()}); err != nil {
		t.Fatalf("Assign after rest: %v", err)
	}
	tablet.await(t)

	tablet.mu.Lock()
	n := len(tablet.got)
	tablet.mu.Unlock()
	if n != 2 {
		t.Errorf("tablet received %d assignments, want 2", n)
	}
	if got := len(r.History()); got != 2 {
		t.Errorf("history has %d entries, want 2", got)
	}
}
