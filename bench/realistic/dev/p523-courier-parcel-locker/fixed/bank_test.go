package locker

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeDoors struct {
	mu     sync.Mutex
	jammed map[string]bool
	opened []string
}

func (d *fakeDoors) Open(ctx context.Context, slotID string) error {
	select {
	case <-time.After(time.Millisecond):
	case <-ctx.Done():
		return ctx.Err()
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.jammed[slotID] {
		return ErrDoorJammed
	}
	d.opened = append(d.opened, slotID)
	return nil
}

type fakeNotifier struct {
	mu      sync.Mutex
	notices []Notice
}

func (n *fakeNotifier) ParcelReady(_ context.Context, note Notice) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.notices = append(n.notices, note)
	return nil
}

func (n *fakeNotifier) last() (Notice, bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if len(n.notices) == 0 {
		return Notice{}, false
	}
	return n.notices[len(n.notices)-1], true
}

func sequentialCodes(start int) func() (string, error) {
	var mu sync.Mutex
	next := start
	return func() (string, error) {
		mu.Lock()
		defer mu.Unlock()
		next++
		return fmt.Sprintf("%06d", next), nil
	}
}

func newTestBank(t *testing.T, doors Doors, notes Notifier) *Bank {
	t.Helper()
	b, err := New(Config{
		LockerID: "LK-17",
		Slots: []SlotSpec{
			{ID: "S1", Size: Small},
			{ID: "M1", Size: Medium},
			{ID: "M2", Size: Medium},
			{ID: "L1", Size: Large},
		},
		HoldTTL:     30 * time.Millisecond,
		DoorTimeout: time.Second,
	}, doors, notes, WithCodeSource(sequentialCodes(481200)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCourierRoundWithJammedDoor(t *testing.T) {
	defer goleak.VerifyNone(t)

	ctx := context.Background()
	doors := &fakeDoors{jammed: map[string]bool{"M1": true}}
	notes := &fakeNotifier{}
	b := newTestBank(t, doors, notes)
	defer b.Close()

	parcel := Parcel{Tracking: "1Z999AA10123456784", Recipient: "r.okafor", Size: Medium}

	res, err := b.Reserve(ctx, Medium)
	if err != nil {
		t.Fatal(err)
	}
	if res.SlotID != "M1" {
		t.Fatalf("reserved %s, want M1", res.SlotID)
	}
	if _, err := b.Deposit(ctx, res.ID, parcel); !errors.Is(err, ErrDoorJammed) {
		t.Fatalf("Deposit into jammed M1: %v", err)
	}

	res, err = b.Reserve(ctx, Medium)
	if err != nil {
		t.Fatal(err)
	}
	if res.SlotID != "M2" {
		t.Fatalf("reserved %s, want M2", res.SlotID)
	}
	code, err := b.Deposit(ctx, res.ID, parcel)
	if err != nil {
		t.Fatalf("Deposit into M2: %v", err)
	}
	note, ok := notes.last()
	if !ok || note.Code != code || note.SlotID != "M2" || note.Recipient != parcel.Recipient {
		t.Fatalf("recipient notice %+v, code %s", note, code)
	}

	if _, err := b.Pickup(ctx, "999999"); !errors.Is(err, ErrBadCode) {
		t.Fatalf("Pickup with wrong code: %v", err)
	}
	got, err := b.Pickup(ctx, code)
	if err != nil {
		t.Fatalf("Pickup: %v", err)
	}
	if got.Tracking != parcel.Tracking {
		t.Fatalf("picked up %+v", got)
	}

	// A second courier reserves the small compartment and never turns up.
	if _, err := b.Reserve(ctx, Small); err != nil {
		t.Fatal(err)
	}
	if n := b.Available(Small); n != 0 {
		t.Fatalf("%d small compartments free while reserved", n)
	}
	deadline := time.Now().Add(2 * time.Second)
	for b.Available(Small) != 1 {
		if time.Now().After(deadline) {
			t.Fatal("small compartment hold never lapsed")
		}
		time.Sleep(5 * time.Millisecond)
	}

	if n := b.Available(Medium); n != 1 {
		t.Fatalf("%d medium compartments free, want 1 (M1 out of service)", n)
	}
}
