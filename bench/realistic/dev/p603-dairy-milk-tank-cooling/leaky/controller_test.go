package bulktank

import (
	"errors"
	"log"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeCompressor struct {
	events chan string
}

func (f *fakeCompressor) Start() error { f.events <- "start"; return nil }
func (f *fakeCompressor) Stop() error  { f.events <- "stop"; return nil }

type alarmLog struct {
	mu     sync.Mutex
	alarms []Alarm
}

func (a *alarmLog) Raise(al Alarm) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.alarms = append(a.alarms, al)
}

func expectEvent(t *testing.T, events <-chan string, want string) {
	t.Helper()
	select {
	case got := <-events:
		if got != want {
			t.Fatalf("compressor: got %q, want %q", got, want)
		}
	case <-time.After(2 * time.Second):
		t.Fatalf("compressor: no %q within 2s", want)
	}
}

func TestMorningMilkingCollectionAndWash(t *testing.T) {
	defer goleak.VerifyNone(t)

	comp := &fakeCompressor{events: make(chan string, 8)}
	alarms := &alarmLog{}
	var logs strings.Builder
	ctrl, err := New(Config{
		CapacityLitres:  6000,
		SetpointC:       3.5,
		HysteresisC:     0.8,
		MinVolumeLitres: 400,
		MaxRunTime:      time.Minute,
		HighTempAlarmC:  7,
		Compressor:      comp,
		Alarms:          alarms,
		Logger:          log.New(&logs, "tank1 ", 0),
	})
	if err != nil {
		t.Fatal(err)
	}

	// The first cows are milked: not yet enough milk to cover the plate.
	if err := ctrl.AddMilk(250, 35); err != nil {
		t.Fatal(err)
	}
	select {
	case ev := <-comp.events:
		t.Fatalf("compressor %s with an uncovered evaporator", ev)
	case <-time.After(20 * time.Millisecond):
	}

	if err := ctrl.AddMilk(1550, 34); err != nil {
		t.Fatal(err)
	}
	expectEvent(t, comp.events, "start")

	for _, temp := range []float64{24.5, 12.0, 6.1, 4.0, 3.4} {
		ctrl.Observe(temp)
	}
	expectEvent(t, comp.events, "stop")

	if _, err := ctrl.Collect(); err != nil {
		t.Fatalf("collect: %v", err)
	}
	if err := ctrl.AddMilk(10, 3); err != nil {
		t.Fatal(err)
	}
	if err := ctrl.StartWash(); !errors.Is(err, ErrNotEmpty) {
		t.Fatalf("wash with milk in the tank: %v", err)
	}
	if v, err := ctrl.Collect(); err != nil || v != 10 {
		t.Fatalf("second collect: %v L, %v", v, err)
	}

	if err := ctrl.StartWash(); err != nil {
		t.Fatalf("start wash: %v", err)
	}
	// Hot wash water in an empty tank must not start the compressor.
	ctrl.Observe(55)
	if err := ctrl.AddMilk(100, 34); !errors.Is(err, ErrWashing) {
		t.Fatalf("add milk during wash: %v", err)
	}

	// The controller is restarted for a firmware update while the wash runs.
	ctrl.Close()

	if cycles, _ := ctrl.Stats(); cycles != 1 {
		t.Errorf("cycles = %d, want 1", cycles)
	}
	alarms.mu.Lock()
	n := len(alarms.alarms)
	alarms.mu.Unlock()
	if n != 0 {
		t.Errorf("unexpected alarms: %+v", alarms.alarms)
	}
	t.Logf("tank log:\n%s", logs.String())
}
