package conveyor

import (
	"context"
	"errors"
	"fmt"
	"log"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeVFD struct {
	mu      sync.Mutex
	rpm     map[string]float64
	history []string
}

func newFakeVFD() *fakeVFD { return &fakeVFD{rpm: make(map[string]float64)} }

func (d *fakeVFD) Run(ctx context.Context, segment string, rpm float64) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.rpm[segment] = rpm
	d.history = append(d.history, fmt.Sprintf("run %s", segment))
	return nil
}

func (d *fakeVFD) Stop(ctx context.Context, segment string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.rpm[segment] = 0
	d.history = append(d.history, fmt.Sprintf("stop %s", segment))
	return nil
}

func (d *fakeVFD) speeds() map[string]float64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make(map[string]float64, len(d.rpm))
	for k, v := range d.rpm {
		out[k] = v
	}
	return out
}

func (d *fakeVFD) calls() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.history...)
}

type gateway struct{ ch chan Event }

func (g *gateway) Events() <-chan Event { return g.ch }

func (g *gateway) emit(t *testing.T, ev Event) {
	t.Helper()
	ev.At = time.Now()
	select {
	case g.ch <- ev:
	case <-time.After(time.Second):
		t.Fatalf("line did not take %s event for %s", ev.Kind, ev.Segment)
	}
}

type syncBuf struct {
	mu sync.Mutex
	sb strings.Builder
}

func (b *syncBuf) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.sb.Write(p)
}

func (b *syncBuf) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.sb.String()
}

func TestChuteJamOnLevel2Gallery(t *testing.T) {
	vfd := newFakeVFD()
	gw := &gateway{ch: make(chan Event)}
	logs := &syncBuf{}
	line, err := NewLine(Config{
		Segments:       []string{"face-feeder", "gallery-1", "gallery-2", "shaft-loader"},
		MaxRPM:         120,
		TripAmps:       180,
		StartStagger:   2 * time.Millisecond,
		CommandTimeout: 100 * time.Millisecond,
		ShutdownGrace:  150 * time.Millisecond,
		Logger:         log.New(logs, "", 0),
	}, vfd, gw)
	if err != nil {
		t.Fatalf("NewLine: %v", err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()

	if err := line.Start(ctx, 150); err == nil {
		t.Error("start above MaxRPM accepted")
	}
	if err := line.Start(ctx, 90); err != nil {
		t.Fatalf("Start: %v", err)
	}
	wantOrder := []string{"run shaft-loader", "run gallery-2", "run gallery-1", "run face-feeder"}
	if got := vfd.calls(); !reflect.DeepEqual(got, wantOrder) {
		t.Errorf("start order %v, want %v", got, wantOrder)
	}

	// A motor relay blip below the trip setting changes nothing.
	gw.emit(t, Event{Kind: Overcurrent, Segment: "gallery-1", Amps: 150})
	// Then a lump of halite wedges in the gallery-2 transfer chute.
	gw.emit(t, Event{Kind: Jam, Segment: "gallery-2"})

	deadline := time.Now().Add(time.Second)
	for {
		sp := vfd.speeds()
		if sp["face-feeder"] == 0 && sp["gallery-1"] == 0 && sp["gallery-2"] == 0 {
			if sp["shaft-loader"] != 90 {
				t.Fatalf("shaft-loader stopped too: %v", sp)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("upstream belts still running after jam: %v", sp)
		}
		time.Sleep(time.Millisecond)
	}
	st := line.Status()
	if !st[2].Jammed || st[2].Running || !st[3].Running {
		t.Errorf("status after jam: %+v", st)
	}

	// The shift boss tries to restart before the crew has cleared it.
	if err := line.Start(ctx, 90); !errors.Is(err, ErrJammed) {
		t.Fatalf("Start during jam: %v, want ErrJammed", err)
	}

	// Crew clears the chute and turns the pull-key back.
	gw.emit(t, Event{Kind: Cleared, Segment: "gallery-2"})

	// End of shift: the supervisor is taken down for a config push.
	if err := line.Close(); err != nil {
		t.Errorf("Close: %v\n%s", err, logs.String())
	}
	if err := line.Start(ctx, 90); !errors.Is(err, ErrClosed) {
		t.Errorf("Start after Close: %v, want ErrClosed", err)
	}

	goleak.VerifyNone(t)
}
