package scenes

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// fakeHub records executed actions. The first action blocks until the test
// releases it, so the test can act while a scene is mid-step.
type fakeHub struct {
	entered chan Action
	release chan struct{}

	mu       sync.Mutex
	executed []Action
	attrs    map[string]string
}

func newFakeHub() *fakeHub {
	return &fakeHub{
		entered: make(chan Action, 1),
		release: make(chan struct{}),
		attrs:   map[string]string{"livingroom.tv/power": "off"},
	}
}

func (h *fakeHub) Execute(ctx context.Context, a Action) error {
	h.mu.Lock()
	first := len(h.executed) == 0
	h.executed = append(h.executed, a)
	h.mu.Unlock()
	if first {
		h.entered <- a
		<-h.release
	}
	return nil
}

func (h *fakeHub) Attribute(ctx context.Context, device, attr string) (string, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.attrs[device+"/"+attr], nil
}

func (h *fakeHub) commands() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []string
	for _, a := range h.executed {
		out = append(out, a.Device+":"+a.Command)
	}
	return out
}

// instantClock fires every timer immediately.
type instantClock struct{}

func (instantClock) After(time.Duration) <-chan time.Time {
	c := make(chan time.Time, 1)
	c <- time.Time{}
	return c
}

var movieNight = Scene{
	ID: "movie-night",
	Steps: []Step{
		{Name: "dim lights", Action: Action{Device: "livingroom.lights", Command: "dim", Params: map[string]string{"level": "20"}}},
		{Name: "close blinds", Delay: 2 * time.Second, Action: Action{Device: "livingroom.blinds", Command: "close"}},
		{Name: "tv input", When: &Condition{Device: "livingroom.tv", Attribute: "power", Equals: "on"},
			Action: Action{Device: "livingroom.tv", Command: "input", Params: map[string]string{"source": "hdmi1"}}},
		{Name: "soundbar on", Optional: true, Action: Action{Device: "livingroom.soundbar", Command: "on"}},
	},
}

func TestRestartWhilePaused(t *testing.T) {
	defer goleak.VerifyNone(t)

	hub := newFakeHub()
	r := NewRunner(hub, WithClock(instantClock{}), WithRetries(1, time.Second))
	defer r.Close()

	first, err := r.Start(movieNight)
	if err != nil {
		t.Fatal(err)
	}
	<-hub.entered
	first.Pause()
	close(hub.release)

	// Wait until the first run has parked before its second step.
	for ev := range first.Events() {
		if ev.Kind == Paused {
			if ev.Step != 1 {
				t.Fatalf("paused before step %d, want 1", ev.Step)
			}
			break
		}
	}

	// Someone taps the scene again: it starts over.
	second, err := r.Start(movieNight)
	if err != nil {
		t.Fatal(err)
	}
	<-second.Done()
	if err := second.Err(); err != nil {
		t.Fatalf("second run: %v", err)
	}

	got := hub.commands()
	want := []string{"livingroom.lights:dim", "livingroom.lights:dim", "livingroom.blinds:close", "livingroom.soundbar:on"}
	if len(got) != len(want) {
		t.Fatalf("executed %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("executed %v, want %v", got, want)
		}
	}
}
