package homehub

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeDevice struct {
	id       string
	commands chan Command

	mu      sync.Mutex
	watcher func(Event)
}

func newFakeDevice(id string) *fakeDevice {
	return &fakeDevice{id: id, commands: make(chan Command, 8)}
}

func (d *fakeDevice) ID() string { return d.id }

func (d *fakeDevice) Execute(ctx context.Context, cmd Command) error {
	select {
	case d.commands <- cmd:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (d *fakeDevice) Watch(fn func(Event)) func() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.watcher = fn
	return func() {
		d.mu.Lock()
		defer d.mu.Unlock()
		d.watcher = nil
	}
}

// report simulates the driver receiving a state report from the device.
func (d *fakeDevice) report(attr, value string) bool {
	d.mu.Lock()
	fn := d.watcher
	d.mu.Unlock()
	if fn == nil {
		return false
	}
	fn(Event{DeviceID: d.id, Attribute: attr, Value: value, Time: time.Date(2024, 3, 9, 22, 15, 0, 0, time.UTC)})
	return true
}

type memStore struct {
	mu    sync.Mutex
	state map[string]string
}

func (s *memStore) Save(_ context.Context, ev Event) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state[ev.DeviceID+"/"+ev.Attribute] = ev.Value
	return nil
}

func TestRemoveDeviceAfterAutomationRan(t *testing.T) {
	defer goleak.VerifyNone(t)

	store := &memStore{state: map[string]string{}}
	h := New(Config{Store: store, CommandTimeout: time.Second})
	defer h.Close()

	motion := newFakeDevice("hall-motion")
	light := newFakeDevice("hall-light")
	for _, d := range []*fakeDevice{motion, light} {
		if err := h.AddDevice(d); err != nil {
			t.Fatal(err)
		}
	}
	if err := h.SetScene(Scene{Name: "hall-on", Actions: []Action{
		{DeviceID: "hall-light", Command: Command{Attribute: "power", Value: "on"}},
		{DeviceID: "hall-light", Command: Command{Attribute: "brightness", Value: "40"}},
	}}); err != nil {
		t.Fatal(err)
	}
	if err := h.AddAutomation(Automation{
		Name:  "hall lights on motion",
		When:  Trigger{DeviceID: "hall-motion", Attribute: "motion", Value: "active"},
		Scene: "hall-on",
	}); err != nil {
		t.Fatal(err)
	}

	if !motion.report("motion", "active") {
		t.Fatal("hub is not watching the motion sensor")
	}
	got := map[string]string{}
	for i := 0; i < 2; i++ {
		cmd := <-light.commands
		got[cmd.Attribute] = cmd.Value
	}
	if got["power"] != "on" || got["brightness"] != "40" {
		t.Fatalf("light commands = %v", got)
	}

	// The sensor is unpaired from the hub.
	if err := h.RemoveDevice("hall-motion"); err != nil {
		t.Fatal(err)
	}
	if motion.report("motion", "active") {
		t.Fatal("hub still watching a removed device")
	}
	if err := h.RemoveDevice("hall-motion"); !errors.Is(err, ErrUnknownDevice) {
		t.Fatalf("second RemoveDevice: err = %v, want %v", err, ErrUnknownDevice)
	}
	if err := h.ActivateScene(context.Background(), "hall-on"); err != nil {
		t.Fatalf("ActivateScene: %v", err)
	}
	<-light.commands
	<-light.commands

	if err := h.Close(); err != nil {
		t.Fatal(err)
	}
}
