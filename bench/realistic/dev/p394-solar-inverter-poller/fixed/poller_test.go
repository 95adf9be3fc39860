package poller

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// fakeBus answers register reads from a table keyed by unit ID.
type fakeBus struct {
	regs map[uint8][]uint16
}

func (f *fakeBus) ReadHoldingRegisters(ctx context.Context, unitID uint8, addr, count uint16) ([]uint16, error) {
	r, ok := f.regs[unitID]
	if !ok {
		return nil, errors.New("gateway path unavailable")
	}
	return append([]uint16(nil), r...), nil
}

type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

func TestPagerUnsubscribesAfterOverTemp(t *testing.T) {
	defer goleak.VerifyNone(t)

	bus := &fakeBus{regs: map[uint8][]uint16{
		1: {420, 6105, 512, 1200, 0x0001}, // 4.2 kW, 51.2 °C
		2: {395, 6080, 811, 1150, 0x0001}, // 3.95 kW, 81.1 °C
	}}
	p, err := New(Config{
		Inverters: []Inverter{{Name: "INV-A", UnitID: 1}, {Name: "INV-B", UnitID: 2}},
		Client:    bus,
		Clock:     fixedClock{t: time.Date(2024, 7, 2, 13, 0, 0, 0, time.UTC)},
		MaxTempC:  70,
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	paged := make(chan Alarm, 4)
	unsubscribe := p.Subscribe(func(a Alarm) { paged <- a })

	snap, err := p.PollOnce(context.Background())
	if err != nil {
		t.Fatalf("PollOnce: %v", err)
	}
	if snap.Online != 2 || snap.TotalPowerW != 8150 {
		t.Fatalf("snapshot = %+v; want 2 online, 8150 W", snap)
	}

	a := <-paged
	if a.Inverter != "INV-B" || a.Kind != AlarmOverTemp {
		t.Fatalf("alarm = %+v; want over-temperature on INV-B", a)
	}

	// The operator acknowledges and the pager integration detaches.
	unsubscribe()

	if _, err := p.PollOnce(context.Background()); err != nil {
		t.Fatalf("second PollOnce: %v", err)
	}
	if err := p.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if _, err := p.PollOnce(context.Background()); !errors.Is(err, ErrClosed) {
		t.Fatalf("PollOnce after Close: got %v, want ErrClosed", err)
	}
	if len(paged) != 0 {
		t.Fatalf("got %d alarms after unsubscribe, want 0", len(paged))
	}
}
