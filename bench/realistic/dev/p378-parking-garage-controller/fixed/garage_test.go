package garage

import (
	"context"
	"errors"
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

type fakeGate struct {
	raised chan string
}

func (g *fakeGate) Raise(ctx context.Context, gateID string) error {
	g.raised <- gateID
	return nil
}

type fakeKiosk struct {
	mu       sync.Mutex
	messages []string
	printed  []Ticket
}

func (k *fakeKiosk) PrintTicket(gateID string, t Ticket) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.printed = append(k.printed, t)
	return nil
}

func (k *fakeKiosk) Show(gateID, msg string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.messages = append(k.messages, gateID+": "+msg)
}

type fakeTerminal struct {
	declined error
	charged  []int64
}

func (p *fakeTerminal) Charge(ctx context.Context, gateID, ticketID string, cents int64) (string, error) {
	if p.declined != nil {
		return "", p.declined
	}
	p.charged = append(p.charged, cents)
	return "RCPT-" + ticketID, nil
}

type fakeMetrics struct {
	depth chan int
}

func (m *fakeMetrics) SetOccupancy(used, total int) {}
func (m *fakeMetrics) SetQueueDepth(n int)          { m.depth <- n }

func newTestController(t *testing.T, spots ...string) (*Controller, *fakeClock, *fakeGate, *fakeKiosk, *fakeTerminal, *fakeMetrics) {
	t.Helper()
	clk := &fakeClock{now: time.Date(2023, 3, 14, 8, 0, 0, 0, time.UTC)}
	gate := &fakeGate{raised: make(chan string, 16)}
	kiosk := &fakeKiosk{}
	term := &fakeTerminal{}
	met := &fakeMetrics{depth: make(chan int, 16)}
	c, err := New(Config{
		Spots:           spots,
		HourlyRateCents: 300,
		DailyMaxCents:   2400,
		Grace:           10 * time.Minute,
		Clock:           clk,
		Metrics:         met,
	}, gate, kiosk, term)
	if err != nil {
		t.Fatal(err)
	}
	return c, clk, gate, kiosk, term, met
}

func waitDepth(t *testing.T, met *fakeMetrics, want int) {
	t.Helper()
	for n := range met.depth {
		if n == want {
			return
		}
	}
}

func TestCloseTurnsAwayHeldVehicles(t *testing.T) {
	defer goleak.VerifyNone(t)

	c, _, gate, _, _, met := newTestController(t, "B1-001")
	ctx := context.Background()

	if err := c.HandleArrival(ctx, "north", "KA-123"); err != nil {
		t.Fatalf("first arrival: %v", err)
	}
	<-gate.raised

	// The garage is full: the next two vehicles are held at the entry.
	if err := c.HandleArrival(ctx, "north", "KB-456"); err != nil {
		t.Fatalf("second arrival: %v", err)
	}
	if err := c.HandleArrival(ctx, "north", "KC-789"); err != nil {
		t.Fatalf("third arrival: %v", err)
	}
	waitDepth(t, met, 2)

	c.Close()
	if err := c.HandleArrival(ctx, "north", "KD-000"); !errors.Is(err, ErrClosed) {
		t.Fatalf("arrival after close: %v, want %v", err, ErrClosed)
	}
}

func TestExitChargesAndAdmitsHeldVehicle(t *testing.T) {
	c, clk, gate, kiosk, term, met := newTestController(t, "B1-001")
	ctx := context.Background()

	if err := c.HandleArrival(ctx, "north", "KA-123"); err != nil {
		t.Fatal(err)
	}
	<-gate.raised
	if err := c.HandleArrival(ctx, "north", "KB-456"); err != nil {
		t.Fatal(err)
	}
	waitDepth(t, met, 1)

	clk.Advance(2*time.Hour + 5*time.Minute)
	term.declined = errors.New("card declined")
	if _, err := c.HandleExit(ctx, "south", "T000001"); !errors.Is(err, term.declined) {
		t.Fatalf("declined exit: %v", err)
	}
	term.declined = nil
	receipt, err := c.HandleExit(ctx, "south", "T000001")
	if err != nil {
		t.Fatalf("exit: %v", err)
	}
	if receipt != "RCPT-T000001" || len(term.charged) != 1 || term.charged[0] != 900 {
		t.Fatalf("receipt %q charged %v", receipt, term.charged)
	}

	// Exit barrier and then the held vehicle's entry barrier.
	got := map[string]bool{<-gate.raised: true, <-gate.raised: true}
	if !got["south"] || !got["north"] {
		t.Fatalf("raised gates %v", got)
	}
	waitDepth(t, met, 0)
	c.Close()

	kiosk.mu.Lock()
	defer kiosk.mu.Unlock()
	if len(kiosk.printed) != 2 || kiosk.printed[1].Plate != "KB-456" {
		t.Fatalf("printed tickets %+v", kiosk.printed)
	}
}
