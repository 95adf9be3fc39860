package pulping

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

type probe struct {
	mu     sync.Mutex
	values map[string]float64
	reads  map[string]int
}

func (s *probe) Consistency(ctx context.Context, id string) (float64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reads[id]++
	v, ok := s.values[id]
	if !ok {
		return 0, errors.New("no signal")
	}
	return v, nil
}

func (s *probe) set(id string, v float64) {
	s.mu.Lock()
	s.values[id] = v
	s.mu.Unlock()
}

func (s *probe) count(id string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.reads[id]
}

func (s *probe) waitReads(t *testing.T, id string, n int) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for s.count(id) < n {
		if time.Now().After(deadline) {
			t.Fatalf("sensor on %s read %d times, want %d", id, s.count(id), n)
		}
		time.Sleep(time.Millisecond)
	}
}

type alarmList struct {
	mu     sync.Mutex
	raised map[string][]string
	notify chan string
}

func (a *alarmList) Raise(id, msg string) {
	a.mu.Lock()
	a.raised[id] = append(a.raised[id], msg)
	a.mu.Unlock()
	select {
	case a.notify <- id:
	default:
	}
}

func TestLineSamplingAndOverfillRefusal(t *testing.T) {
	defer goleak.VerifyNone(t)

	sensor := &probe{values: map[string]float64{}, reads: map[string]int{}}
	alarms := &alarmList{raised: map[string][]string{}, notify: make(chan string, 8)}

	pu1 := &Pulper{ID: "PU-1", CapacityKg: 20000, MinConsistency: 3, MaxConsistency: 6}
	pu2 := &Pulper{ID: "PU-2", CapacityKg: 12000, MinConsistency: 3, MaxConsistency: 6}
	mill, err := NewMill(Config{
		SampleEvery:    3 * time.Millisecond,
		DriftTolerance: 0.5,
		Sensor:         sensor,
		Alarm:          alarms,
		Logger:         log.New(io.Discard, "", 0),
	}, pu1, pu2)
	if err != nil {
		t.Fatal(err)
	}
	defer mill.Close()

	if err := mill.Charge("PU-1", Batch{ID: "B-4411", FiberKg: 700, WaterL: 14000, Furnish: "OCC", Recycled: true}); err != nil {
		t.Fatalf("charge PU-1: %v", err)
	}
	if err := mill.Charge("PU-2", Batch{ID: "B-4412", FiberKg: 450, WaterL: 9000, Furnish: "mixed office waste", Recycled: true}); err != nil {
		t.Fatalf("charge PU-2: %v", err)
	}
	sensor.set("PU-1", 4.7)
	sensor.set("PU-2", 6.2)

	select {
	case id := <-alarms.notify:
		if id != "PU-2" {
			t.Fatalf("drift alarm on %s, want PU-2", id)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("no drift alarm for PU-2")
	}

	err = mill.Charge("PU-1", Batch{ID: "B-4413", FiberKg: 700, WaterL: 6000, Furnish: "OCC", Recycled: true})
	if !errors.Is(err, ErrOverCapacity) {
		t.Fatalf("overfill charge: err = %v, want ErrOverCapacity", err)
	}
	err = mill.Charge("PU-2", Batch{ID: "B-4414", FiberKg: 400, WaterL: 900, Furnish: "virgin kraft"})
	if !errors.Is(err, ErrConsistency) {
		t.Fatalf("thick charge: err = %v, want ErrConsistency", err)
	}
	if st := pu2.Status(); st.Charges != 1 || st.FiberKg != 450 {
		t.Errorf("PU-2 after refused charge: %+v", st)
	}

	sensor.waitReads(t, "PU-1", sensor.count("PU-1")+1)

	alarms.mu.Lock()
	n := len(alarms.raised["PU-1"])
	alarms.mu.Unlock()
	if n != 0 {
		t.Errorf("unexpected alarms on PU-1: %d", n)
	}
}

func TestConsistency(t *testing.T) {
	if c := consistency(45, 855); c < 4.99 || c > 5.01 {
		t.Errorf("consistency(45, 855) = %.3f, want 5", c)
	}
	if c := consistency(0, 0); c != 0 {
		t.Errorf("empty vat consistency = %v", c)
	}
}
