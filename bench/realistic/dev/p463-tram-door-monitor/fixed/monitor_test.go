package doormon

import (
	"context"
	"errors"
	"io"
	"log"
	"sort"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// consist simulates the door controllers of a two-car tram.
type consist struct {
	mu    sync.Mutex
	doors map[DoorID]Reading
	reads int
}

func newConsist(ids ...DoorID) *consist {
	c := &consist{doors: make(map[DoorID]Reading)}
	for _, id := range ids {
		c.doors[id] = Reading{Door: id, Closed: true, Locked: true}
	}
	return c
}

func (c *consist) ReadAll(ctx context.Context) ([]Reading, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reads++
	out := make([]Reading, 0, len(c.doors))
	for _, r := range c.doors {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Door < out[j].Door })
	return out, nil
}

func (c *consist) set(id DoorID, closed, locked bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.doors[id] = Reading{Door: id, Closed: closed, Locked: locked}
}

func (c *consist) readCount() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.reads
}

type traction struct {
	mu    sync.Mutex
	speed float64
}

func (t *traction) SpeedKmh() float64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.speed
}

func (t *traction) set(v float64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.speed = v
}

type driverDesk struct {
	mu     sync.Mutex
	alerts []Alert
}

func (d *driverDesk) Raise(a Alert) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.alerts = append(d.alerts, a)
}

func (d *driverDesk) has(kind AlertKind, door DoorID) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, a := range d.alerts {
		if a.Kind == kind && a.Door == door {
			return true
		}
	}
	return false
}

func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestStopCycle(t *testing.T) {
	defer goleak.VerifyNone(t)

	doors := []DoorID{"1A", "1B", "2A", "2B"}
	tram := newConsist(doors...)
	motion := &traction{}
	desk := &driverDesk{}

	m, err := New(context.Background(), Config{
		Doors:        doors,
		PollInterval: 2 * time.Millisecond,
		Logger:       log.New(io.Discard, "", 0),
	}, tram, motion, desk)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Stop()

	eventually(t, "interlock after start", m.ReadyToDepart)

	// Arrive at the stop and open two doors.
	tram.set("1A", false, false)
	tram.set("2B", false, false)
	eventually(t, "1A open", func() bool {
		st, err := m.Status("1A")
		return err == nil && st.State == Open
	})
	if m.ReadyToDepart() {
		t.Fatal("interlock released with doors open")
	}

	// The driver pulls away before 2B has closed.
	tram.set("1A", true, true)
	motion.set(12)
	eventually(t, "open-while-moving alert", func() bool { return desk.has(OpenWhileMoving, "2B") })
	if desk.has(OpenWhileMoving, "1A") {
		t.Error("alert raised for 1A, which was locked")
	}

	tram.set("2B", true, true)
	eventually(t, "interlock after 2B locked", m.ReadyToDepart)
	motion.set(35)

	snap := m.Snapshot()
	if len(snap) != 4 || snap[0].Door != "1A" || snap[0].Cycles != 1 {
		t.Fatalf("snapshot %+v", snap)
	}

	// The depot dashboard is configured for a three-car consist.
	if _, err := m.Status("3A"); !errors.Is(err, ErrUnknownDoor) {
		t.Fatalf("status of 3A: %v", err)
	}
	n := tram.readCount()
	eventually(t, "next poll", func() bool { return tram.readCount() > n })
}
