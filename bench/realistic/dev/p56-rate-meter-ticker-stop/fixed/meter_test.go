package metrics

import (
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestUnregisterStopsMeter(t *testing.T) {
	defer goleak.VerifyNone(t)
	r := NewRegistry(WithTickInterval(2 * time.Millisecond))
	m := r.Meter("http.requests")
	m.Mark(10)
	for m.Snapshot().Rate1 == 0 { // wait for a tick that sees the events
		time.Sleep(time.Millisecond)
	}
	if s := m.Snapshot(); s.Count != 10 || s.Ticks == 0 {
		t.Fatalf("snapshot %+v", s)
	}

	r.Unregister("http.requests")
	var names []string
	r.Each(func(name string, s Snapshot) { names = append(names, name) })
	if len(names) != 0 {
		t.Fatalf("meters after Unregister: %v", names)
	}
}
