package dispatch

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type recorder struct {
	mu     sync.Mutex
	events []Event
	gate   chan struct{}
}

func (r *recorder) Notify(ctx context.Context, ev Event) error {
	if r.gate != nil {
		select {
		case <-r.gate:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, ev)
	return nil
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.events)
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func mustDo(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestUnsubscribeStopsDelivery(t *testing.T) {
	defer goleak.VerifyNone(t)

	b, err := NewBoard(Config{Units: map[string]string{"MED-01": "Station 1"}})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	r := &recorder{}
	id, err := b.Subscribe("console-1", r)
	if err != nil {
		t.Fatal(err)
	}
	mustDo(t, b.OpenIncident("INC-1", P3, "12 Elm Street"))
	b.Unsubscribe(id)
	mustDo(t, b.Assign("INC-1", "MED-01"))
	waitFor(t, "queued event", func() bool { return r.count() == 1 })
	if err := b.Assign("INC-1", "MED-01"); err == nil {
		t.Fatal("assigning a busy unit should fail")
	}
}

func TestMajorIncidentWithSlowHospitalDisplay(t *testing.T) {
	defer goleak.VerifyNone(t)

	units := map[string]string{}
	for i := 1; i <= 6; i++ {
		units[fmt.Sprintf("MED-%02d", i)] = "Station 4"
	}
	b, err := NewBoard(Config{Units: units, SubscriberBuffer: 64, NotifyTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}

	console := &recorder{}
	if _, err := b.Subscribe("console-2", console); err != nil {
		t.Fatal(err)
	}
	ed := &recorder{gate: make(chan struct{})}
	arrivals := func(ev Event) bool {
		return ev.Kind == UnitStatusChanged && ev.Status == Transporting && ev.Hospital == "St Mary's"
	}
	if _, err := b.Subscribe("st-marys-ed", ed, WithFilter(arrivals), WithQueue(4)); err != nil {
		t.Fatal(err)
	}

	// Multi-vehicle collision on the ring road: six crews, all transporting
	// to the same emergency department while its display is stalled.
	mustDo(t, b.OpenIncident("INC-7781", P1, "A4540 Ring Road / Hagley Rd"))
	for i := 1; i <= 6; i++ {
		cs := fmt.Sprintf("MED-%02d", i)
		mustDo(t, b.Assign("INC-7781", cs))
		mustDo(t, b.UpdateStatus(cs, OnScene, ""))
	}
	for i := 1; i <= 6; i++ {
		mustDo(t, b.UpdateStatus(fmt.Sprintf("MED-%02d", i), Transporting, "St Mary's"))
	}
	if st := b.Stats(); st.Evicted != 1 || st.Subscribers != 1 {
		t.Fatalf("stats = %+v, want the ED display evicted", st)
	}

	close(ed.gate)
	waitFor(t, "ED display to drain", func() bool { return ed.count() >= 4 })

	for i := 1; i <= 6; i++ {
		cs := fmt.Sprintf("MED-%02d", i)
		mustDo(t, b.UpdateStatus(cs, AtHospital, ""))
		mustDo(t, b.UpdateStatus(cs, Available, ""))
	}
	mustDo(t, b.CloseIncident("INC-7781"))

	want := int(b.Stats().Published)
	waitFor(t, "console to receive every event", func() bool { return console.count() == want })
	if u, _ := b.Unit("MED-03"); u.Status != Available || u.Incident != "" {
		t.Errorf("MED-03 = %+v, want available", u)
	}
	b.Close()
}
