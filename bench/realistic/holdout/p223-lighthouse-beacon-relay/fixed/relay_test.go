package relay

import (
	"bytes"
	"context"
	"errors"
	"log"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type console struct {
	name string

	mu       sync.Mutex
	got      []Beacon
	failNext int
	arrived  chan struct{}
}

func newConsole(name string) *console {
	return &console{name: name, arrived: make(chan struct{}, 100)}
}

func (c *console) Deliver(ctx context.Context, b Beacon) error {
	c.mu.Lock()
	if c.failNext > 0 {
		c.failNext--
		c.mu.Unlock()
		return errors.New("websocket write: broken pipe")
	}
	c.got = append(c.got, b)
	c.mu.Unlock()
	c.arrived <- struct{}{}
	return nil
}

func (c *console) waitFor(t *testing.T, n int) []Beacon {
	t.Helper()
	deadline := time.After(2 * time.Second)
	for i := 0; i < n; i++ {
		select {
		case <-c.arrived:
		case <-deadline:
			t.Fatalf("%s: got %d of %d reports", c.name, i, n)
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Beacon(nil), c.got...)
}

func TestWatchConsoleReconnectDuringFogEvent(t *testing.T) {
	defer goleak.VerifyNone(t)

	var logs bytes.Buffer
	r := New(WithQueueLen(8), WithRetry(3, 5*time.Millisecond), WithLogger(log.New(&logs, "", 0)))
	ctx := context.Background()
	t0 := time.Date(2024, 11, 3, 2, 0, 0, 0, time.UTC)

	north := Filter{Regions: []string{"North Sea"}}
	first := newConsole("vts-north#1")
	if err := r.Subscribe("vts-north", north, first); err != nil {
		t.Fatal(err)
	}
	notices := newConsole("ntm")
	if err := r.Subscribe("ntm", Filter{MinSeverity: Warning}, notices); err != nil {
		t.Fatal(err)
	}

	reports := []Beacon{
		{Station: "Longstone", Region: "North Sea", Character: "Fl W 20s", LampOK: true, Battery: 12.6, At: t0},
		{Station: "Bell Rock", Region: "North Sea", Character: "Fl W 5s", LampOK: true, FogSignal: true, Battery: 11.4, At: t0},
		{Station: "Fastnet", Region: "Celtic Sea", Character: "Fl W 5s", LampOK: true, Battery: 12.9, At: t0},
	}
	for _, b := range reports {
		if err := r.Publish(ctx, b); err != nil {
			t.Fatalf("publish %s: %v", b.Station, err)
		}
	}
	if got := first.waitFor(t, 2); got[0].Station != "Longstone" || got[1].Station != "Bell Rock" {
		t.Fatalf("first console got %+v", got)
	}
	if got := notices.waitFor(t, 1); got[0].Station != "Bell Rock" {
		t.Fatalf("ntm got %+v", got)
	}

	// The console's link drops and it comes back under the same id.
	second := newConsole("vts-north#2")
	second.failNext = 1
	if err := r.Subscribe("vts-north", north, second); err != nil {
		t.Fatal(err)
	}
	replay := second.waitFor(t, 2)
	if len(replay) != 2 {
		t.Fatalf("replay: %+v", replay)
	}

	lampOut := Beacon{Station: "Longstone", Region: "North Sea", Character: "Fl W 20s", LampOK: false, Battery: 12.5, At: t0.Add(10 * time.Minute)}
	if err := r.Publish(ctx, lampOut); err != nil {
		t.Fatal(err)
	}
	if got := second.waitFor(t, 1); got[len(got)-1].Severity() != Critical {
		t.Fatalf("second console missed the lamp failure: %+v", got)
	}
	notices.waitFor(t, 1)

	stale := reports[0]
	if err := r.Publish(ctx, stale); err != nil {
		t.Fatal(err)
	}
	if err := r.Publish(ctx, Beacon{Station: "Longstone"}); !errors.Is(err, ErrInvalidBeacon) {
		t.Fatalf("expected validation error, got %v", err)
	}

	if st := r.Stats(); st.Subscribers != 2 || st.Published != 4 {
		t.Fatalf("stats: %+v", st)
	}
	if snap := r.Snapshot(); len(snap) != 3 || snap[2].LampOK {
		t.Fatalf("snapshot: %+v", snap)
	}

	first.mu.Lock()
	n := len(first.got)
	first.mu.Unlock()
	if n != 2 {
		t.Fatalf("old console kept receiving: %d reports", n)
	}

	if !r.Unsubscribe("ntm") {
		t.Fatalf("ntm should have been subscribed")
	}
	r.Close()
	if err := r.Publish(ctx, lampOut); !errors.Is(err, ErrClosed) {
		t.Fatalf("publish after close: %v", err)
	}
	if !bytes.Contains(logs.Bytes(), []byte("reconnected")) {
		t.Fatalf("reconnect not logged: %s", logs.String())
	}
}
