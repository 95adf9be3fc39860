package showctl

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

type fakeDevice struct {
	name string
	mu   sync.Mutex
	log  []string
}

func (d *fakeDevice) Name() string { return d.name }

func (d *fakeDevice) Apply(ctx context.Context, cue Cue) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.log = append(d.log, cue.Action)
	return nil
}

func TestEveningProgramWithBrokenSecondShow(t *testing.T) {
	defer goleak.VerifyNone(t)

	dome := &fakeDevice{name: "dome"}
	audio := &fakeDevice{name: "audio"}
	coves := &fakeDevice{name: "coves"}
	c, err := New(Config{CueTimeout: 100 * time.Millisecond, Logger: log.New(io.Discard, "", 0)}, dome, audio, coves)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ctx := context.Background()

	tonight := Show{
		Title:  "Tonight's Sky",
		Length: 30 * time.Millisecond,
		Cues: []Cue{
			{ID: "1", Device: "coves", At: 0, Action: "fade-down"},
			{ID: "2", Device: "audio", At: 2 * time.Millisecond, Action: "intro-music"},
			{ID: "3", Device: "dome", At: 5 * time.Millisecond, Action: "starfield"},
			{ID: "4", Device: "dome", At: 12 * time.Millisecond, Action: "orion-lines"},
			{ID: "5", Device: "audio", At: 20 * time.Millisecond, Action: "narration-orion"},
			{ID: "6", Device: "coves", At: 28 * time.Millisecond, Action: "sunrise"},
		},
	}
	if err := c.Start(ctx, tonight); err != nil {
		t.Fatalf("Start %q: %v", tonight.Title, err)
	}
	wctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	r, err := c.Wait(wctx)
	if err != nil {
		t.Fatalf("Wait: %v", err)
	}
	if r.Fired != 6 || r.Failed != 0 || r.Aborted {
		t.Errorf("report for %q = %+v", tonight.Title, r)
	}

	lasers := Show{
		Title:  "Laser Floyd",
		Length: 40 * time.Millisecond,
		Cues: []Cue{
			{ID: "1", Device: "coves", At: 0, Action: "blackout"},
			{ID: "2", Device: "lasers", At: 3 * time.Millisecond, Action: "tunnel"},
			{ID: "3", Device: "audio", At: 3 * time.Millisecond, Action: "track-1"},
		},
	}
	if err := c.Start(ctx, lasers); !errors.Is(err, ErrUnknownDevice) {
		t.Errorf("Start %q: err = %v, want ErrUnknownDevice", lasers.Title, err)
	}
	if _, err := c.Wait(wctx); !errors.Is(err, ErrNoShow) {
		t.Errorf("Wait after failed load: err = %v, want ErrNoShow", err)
	}

	if err := c.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if h := c.History(); len(h) != 1 || h[0].Title != tonight.Title {
		t.Errorf("history = %+v", h)
	}
	if len(dome.log) != 2 || dome.log[1] != "orion-lines" {
		t.Errorf("dome saw %v", dome.log)
	}
}
