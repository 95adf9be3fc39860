package foundry

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

type crew struct {
	mu     sync.Mutex
	poured map[string][]string
}

func (c *crew) Pour(ctx context.Context, f Furnace, o Order) error {
	select {
	case <-time.After(time.Millisecond):
	case <-ctx.Done():
		return ctx.Err()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.poured == nil {
		c.poured = make(map[string][]string)
	}
	c.poured[f.ID] = append(c.poured[f.ID], o.ID)
	return nil
}

type bookLedger struct {
	entries chan Casting
}

func (b *bookLedger) Record(_ context.Context, c Casting) error {
	b.entries <- c
	return nil
}

func waitCastings(t *testing.T, l *bookLedger, n int) map[string]Casting {
	t.Helper()
	got := make(map[string]Casting, n)
	for len(got) < n {
		select {
		case c := <-l.entries:
			if c.Err != nil {
				t.Errorf("casting %s: %v", c.Order.ID, c.Err)
			}
			got[c.Order.ID] = c
		case <-time.After(2 * time.Second):
			t.Fatalf("only %d of %d castings recorded", len(got), n)
		}
	}
	return got
}

func TestRingOfBells(t *testing.T) {
	ledger := &bookLedger{entries: make(chan Casting, 16)}
	q := New(&crew{}, ledger, WithLogger(log.New(io.Discard, "", 0)))

	for _, f := range []Furnace{
		{ID: "north", CapacityKg: 900, MaxTempC: 1250, QueueDepth: 4, Lining: "clay-graphite 2019"},
		{ID: "south", CapacityKg: 3000, MaxTempC: 1200, QueueDepth: 2, Lining: "silicon carbide"},
	} {
		if err := q.Configure(f); err != nil {
			t.Fatal(err)
		}
	}

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()

	ring := []Order{
		{ID: "treble", Customer: "St Mary, Whitby", Note: "E5", DiameterMM: 700, TinPct: 22},
		{ID: "second", Customer: "St Mary, Whitby", Note: "D5", DiameterMM: 780, TinPct: 22},
		{ID: "third", Customer: "St Mary, Whitby", Note: "C5", DiameterMM: 900, TinPct: 22},
		{ID: "tenor", Customer: "St Mary, Whitby", Note: "E4", DiameterMM: 1300, TinPct: 22},
	}
	want := map[string]string{"treble": "north", "second": "north", "third": "north", "tenor": "south"}
	for _, o := range ring {
		f, err := q.Enqueue(ctx, o)
		if err != nil {
			t.Fatalf("enqueue %s: %v", o.ID, err)
		}
		if f != want[o.ID] {
			t.Errorf("%s queued on %s, want %s", o.ID, f, want[o.ID])
		}
	}
	waitCastings(t, ledger, len(ring))

	// A fourth treble-side bell is too heavy for the old north crucible.
	heavy := Order{ID: "fourth", Customer: "St Mary, Whitby", Note: "B4", DiameterMM: 1080, TinPct: 21, Furnace: "north"}
	if _, err := q.Enqueue(ctx, heavy); !errors.Is(err, ErrNoFurnace) {
		t.Fatalf("heavy order on old crucible: err = %v, want ErrNoFurnace", err)
	}

	// North is relined with a larger crucible and takes the order.
	if err := q.Configure(Furnace{ID: "north", CapacityKg: 1200, MaxTempC: 1250, QueueDepth: 4, Lining: "clay-graphite 2024"}); err != nil {
		t.Fatal(err)
	}
	if _, err := q.Enqueue(ctx, heavy); err != nil {
		t.Fatalf("heavy order after relining: %v", err)
	}
	c := waitCastings(t, ledger, 1)["fourth"]
	if c.Lining != "clay-graphite 2024" {
		t.Errorf("fourth poured with lining %q", c.Lining)
	}

	if err := q.Shutdown(ctx); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	goleak.VerifyNone(t)
}
