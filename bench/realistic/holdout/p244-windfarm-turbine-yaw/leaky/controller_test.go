package yaw

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type scadaFeed struct {
	mu   sync.Mutex
	subs map[int]func(WindShift)
	next int
}

func (f *scadaFeed) Subscribe(fn func(WindShift)) func() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.subs == nil {
		f.subs = make(map[int]func(WindShift))
	}
	id := f.next
	f.next++
	f.subs[id] = fn
	return func() {
		f.mu.Lock()
		delete(f.subs, id)
		f.mu.Unlock()
	}
}

func (f *scadaFeed) publish(s WindShift) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, fn := range f.subs {
		fn(s)
	}
}

type nacelles struct {
	mu      sync.Mutex
	heading map[string]float64
	brake   map[string]bool
}

func (n *nacelles) Heading(_ context.Context, id string) (float64, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	h, ok := n.heading[id]
	if !ok {
		return 0, fmt.Errorf("no nacelle %s", id)
	}
	return h, nil
}

func (n *nacelles) Rotate(ctx context.Context, id string, delta float64) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.brake[id] {
		return ErrBrakeEngaged
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	n.heading[id] = normalize(n.heading[id] + delta)
	return nil
}

func (n *nacelles) setBrake(id string, on bool) {
	n.mu.Lock()
	n.brake[id] = on
	n.mu.Unlock()
}

type logf func(string, ...any)

func (l logf) Printf(format string, args ...any) { l(format, args...) }

func TestFarmTracksWindThroughMaintenance(t *testing.T) {
	defer goleak.VerifyNone(t)

	feed := &scadaFeed{}
	drive := &nacelles{
		heading: map[string]float64{"WT-03": 180, "WT-07": 60, "WT-11": 0},
		brake:   map[string]bool{"WT-07": true},
	}
	events := make(chan Event, 32)
	c, err := New(feed, drive, []string{"WT-03", "WT-07", "WT-11"},
		WithMaxTwist(360),
		WithRotateTimeout(time.Second),
		WithLogger(logf(t.Logf)),
		WithObserver(func(e Event) { events <- e }),
	)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if err := c.Start(context.Background()); err != nil {
		t.Fatalf("Start: %v", err)
	}
	defer c.Close()

	base := time.Date(2024, time.November, 2, 3, 0, 0, 0, time.UTC)
	shift := func(id string, dir float64, minute int) {
		feed.publish(WindShift{Turbine: id, DirectionDeg: dir, SpeedMS: 11, At: base.Add(time.Duration(minute) * time.Minute)})
	}
	expect := func(id string, kind EventKind, heading, twist float64) {
		t.Helper()
		select {
		case e := <-events:
			if e.Turbine != id || e.Kind != kind || e.HeadingDeg != heading || e.TwistDeg != twist {
				t.Fatalf("got %s %s heading %.0f twist %.0f (err %v), want %s %s heading %.0f twist %.0f",
					e.Turbine, e.Kind, e.HeadingDeg, e.TwistDeg, e.Err, id, kind, heading, twist)
			}
		case <-time.After(time.Second):
			t.Fatalf("no event for %s, want %s", id, kind)
		}
	}

	// Night shift: a front veers round and WT-07 is locked out for a gearbox
	// inspection.
	shift("WT-03", 200, 1)
	expect("WT-03", Aligned, 200, 20)
	shift("WT-07", 95, 1)
	expect("WT-07", Held, 60, 0)

	// The front keeps veering at WT-11 until its cables need unwinding.
	shift("WT-11", 170, 2)
	expect("WT-11", Aligned, 170, 170)
	shift("WT-11", 340, 3)
	expect("WT-11", Aligned, 340, 340)
	shift("WT-11", 150, 4)
	expect("WT-11", Unwound, 150, 150)

	// Inspection done: the technician releases the brake.
	drive.setBrake("WT-07", false)
	shift("WT-07", 100, 5)
	expect("WT-07", Aligned, 100, 40)

	if tw, err := c.Twist("WT-11"); err != nil || tw != 150 {
		t.Errorf("WT-11 twist = %.0f, %v; want 150", tw, err)
	}
	if _, err := c.Twist("WT-99"); err == nil {
		t.Errorf("Twist of unknown turbine succeeded")
	}
}
