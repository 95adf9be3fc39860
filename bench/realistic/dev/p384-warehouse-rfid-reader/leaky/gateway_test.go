package rfidgw

import (
	"context"
	"errors"
	"reflect"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

var errUnknownPO = errors.New("422: no open purchase order for door")

// fakeWMS rejects shipments from some doors and never answers for others.
type fakeWMS struct {
	reject map[string]error
	hang   map[string]bool

	mu       sync.Mutex
	accepted []Shipment
}

func (w *fakeWMS) PostShipment(ctx context.Context, s Shipment) error {
	if err := w.reject[s.Door]; err != nil {
		return err
	}
	if w.hang[s.Door] {
		<-ctx.Done()
		return ctx.Err()
	}
	w.mu.Lock()
	w.accepted = append(w.accepted, s)
	w.mu.Unlock()
	return nil
}

func newTestGateway(t *testing.T, api ShipmentAPI, clock Clock) *Gateway {
	t.Helper()
	g, err := New(api, Config{
		Doors:          map[string]string{"ant-1a": "door-1", "ant-1b": "door-1", "ant-2": "door-2"},
		DebounceWindow: 2 * time.Second,
		SettleAfter:    30 * time.Second,
	}, WithClock(clock), WithLogf(t.Logf))
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func observe(t *testing.T, g *Gateway, clock *fakeClock, antenna, epc string, rssi float64) {
	t.Helper()
	if err := g.Observe(TagRead{EPC: epc, AntennaID: antenna, RSSI: rssi, At: clock.Now()}); err != nil {
		t.Fatal(err)
	}
}

func TestSettledShipmentIsPosted(t *testing.T) {
	defer goleak.VerifyNone(t)

	clock := &fakeClock{now: time.Date(2024, 3, 4, 6, 0, 0, 0, time.UTC)}
	wms := &fakeWMS{}
	g := newTestGateway(t, wms, clock)

	observe(t, g, clock, "ant-1a", "EPC-A", -50)
	observe(t, g, clock, "ant-1b", "EPC-A", -55) // same pallet, second antenna
	observe(t, g, clock, "ant-1a", "EPC-B", -52)
	observe(t, g, clock, "ant-1a", "EPC-X", -80) // cross-read from another door
	clock.Advance(10 * time.Second)
	observe(t, g, clock, "ant-1a", "EPC-C", -49)

	if err := g.FlushSettled(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(wms.accepted) != 0 {
		t.Fatalf("posted %d shipments before the door settled", len(wms.accepted))
	}

	clock.Advance(30 * time.Second)
	if err := g.FlushSettled(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(wms.accepted) != 1 {
		t.Fatalf("accepted %d shipments, want 1", len(wms.accepted))
	}
	if got, want := wms.accepted[0].EPCs, []string{"EPC-A", "EPC-B", "EPC-C"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("EPCs %v, want %v", got, want)
	}
	if g.Posted() != 1 || len(g.Pending()) != 0 {
		t.Fatalf("posted %d, pending %v", g.Posted(), g.Pending())
	}
}

func TestRejectedShipmentIsKeptForNextFlush(t *testing.T) {
	defer goleak.VerifyNone(t)

	clock := &fakeClock{now: time.Date(2024, 3, 4, 6, 0, 0, 0, time.UTC)}
	wms := &fakeWMS{
		reject: map[string]error{"door-1": errUnknownPO},
		hang:   map[string]bool{"door-2": true},
	}
	g := newTestGateway(t, wms, clock)

	observe(t, g, clock, "ant-1a", "EPC-A", -50)
	observe(t, g, clock, "ant-2", "EPC-Q", -60)
	rejected := g.Pending()["door-1"]
	clock.Advance(time.Minute)

	err := g.FlushSettled(context.Background())
	if !errors.Is(err, errUnknownPO) {
		t.Fatalf("FlushSettled = %v, want %v", err, errUnknownPO)
	}
	if got := g.Pending()["door-1"]; got.ID != rejected.ID || !reflect.DeepEqual(got.EPCs, rejected.EPCs) {
		t.Fatalf("door-1 pending %+v, want %+v", got, rejected)
	}
	if g.Posted() != 0 {
		t.Fatalf("posted %d", g.Posted())
	}
}
