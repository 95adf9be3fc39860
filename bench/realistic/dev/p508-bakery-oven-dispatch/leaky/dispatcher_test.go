package ovens

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type plc struct {
	mu    sync.Mutex
	baked map[string][]string
}

func (p *plc) Bake(ctx context.Context, oven string, b Batch) error {
	select {
	case <-time.After(b.Bake):
	case <-ctx.Done():
		return ctx.Err()
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.baked == nil {
		p.baked = make(map[string][]string)
	}
	p.baked[oven] = append(p.baked[oven], b.ID)
	return nil
}

type planner struct {
	mu   sync.Mutex
	subs map[int]func(Config)
	next int
}

func (p *planner) Subscribe(fn func(Config)) func() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.subs == nil {
		p.subs = make(map[int]func(Config))
	}
	id := p.next
	p.next++
	p.subs[id] = fn
	return func() {
		p.mu.Lock()
		delete(p.subs, id)
		p.mu.Unlock()
	}
}

func (p *planner) Publish(cfg Config) {
	p.mu.Lock()
	fns := make([]func(Config), 0, len(p.subs))
	for _, fn := range p.subs {
		fns = append(fns, fn)
	}
	p.mu.Unlock()
	for _, fn := range fns {
		fn(cfg)
	}
}

type testLogger struct{ t *testing.T }

func (l testLogger) Printf(format string, args ...any) { l.t.Logf(format, args...) }

func morningLineUp() Config {
	return Config{Ovens: map[string]OvenSpec{
		"deck-1":       {Kind: "deck", MinTempC: 200, MaxTempC: 250, Decks: 4, QueueDepth: 3},
		"convection-1": {Kind: "convection", MinTempC: 150, MaxTempC: 200, Decks: 8, QueueDepth: 3},
	}}
}

func waitResults(t *testing.T, ch <-chan Result, n int) []Result {
	t.Helper()
	var out []Result
	for len(out) < n {
		select {
		case r := <-ch:
			if r.Err != nil {
				t.Fatalf("batch %s on %s: %v", r.Batch.ID, r.Oven, r.Err)
			}
			out = append(out, r)
		case <-time.After(2 * time.Second):
			t.Fatalf("only %d of %d batches finished", len(out), n)
		}
	}
	return out
}

func TestDispatchAndClose(t *testing.T) {
	defer goleak.VerifyNone(t)

	results := make(chan Result, 16)
	d, err := New(morningLineUp(), &plc{}, WithLogger(testLogger{t}), OnBaked(func(r Result) { results <- r }))
	if err != nil {
		t.Fatal(err)
	}
	oven, err := d.Dispatch(Batch{ID: "b1", Product: "croissant", TempC: 180, Bake: 20 * time.Millisecond, Trays: 6})
	if err != nil || oven != "convection-1" {
		t.Fatalf("croissant went to %q: %v", oven, err)
	}
	if _, err := d.Dispatch(Batch{ID: "b2", Product: "pizza", TempC: 320, Bake: time.Millisecond, Trays: 1}); !errors.Is(err, ErrNoOven) {
		t.Fatalf("pizza: %v", err)
	}
	if err := d.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	waitResults(t, results, 1)
	if _, err := d.Dispatch(Batch{ID: "b3", Product: "bagel", TempC: 220, Bake: time.Millisecond, Trays: 1}); !errors.Is(err, ErrClosed) {
		t.Fatalf("after close: %v", err)
	}
}

func TestLineUpChangeDuringShift(t *testing.T) {
	defer goleak.VerifyNone(t)

	results := make(chan Result, 16)
	ctrl := &plc{}
	d, err := New(morningLineUp(), ctrl, WithLogger(testLogger{t}), OnBaked(func(r Result) { results <- r }))
	if err != nil {
		t.Fatal(err)
	}
	src := &planner{}
	d.Watch(src)

	for _, b := range []Batch{
		{ID: "m1", Product: "baguette", TempC: 240, Bake: 15 * time.Millisecond, Trays: 4},
		{ID: "m2", Product: "pain au chocolat", TempC: 190, Bake: 10 * time.Millisecond, Trays: 5},
		{ID: "m3", Product: "sourdough", TempC: 230, Bake: 15 * time.Millisecond, Trays: 2},
	} {
		if _, err := d.Dispatch(b); err != nil {
			t.Fatal(err)
		}
	}
	waitResults(t, results, 3)

	noon := morningLineUp()
	deck := noon.Ovens["deck-1"]
	deck.MaxTempC = 260
	noon.Ovens["deck-1"] = deck
	noon.Ovens["rack-1"] = OvenSpec{Kind: "rack", MinTempC: 160, MaxTempC: 220, Decks: 12, QueueDepth: 2}
	src.Publish(noon)

	for _, b := range []Batch{
		{ID: "n1", Product: "rye", TempC: 255, Bake: 15 * time.Millisecond, Trays: 3},
		{ID: "n2", Product: "brioche", TempC: 175, Bake: 10 * time.Millisecond, Trays: 10},
	} {
		if _, err := d.Dispatch(b); err != nil {
			t.Fatal(err)
		}
	}
	got := waitResults(t, results, 2)
	ovenOf := map[string]string{}
	for _, r := range got {
		ovenOf[r.Batch.ID] = r.Oven
	}
	if ovenOf["n1"] != "deck-1" || ovenOf["n2"] != "rack-1" {
		t.Fatalf("afternoon placement %v", ovenOf)
	}

	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if err := d.Close(ctx); err != nil {
		t.Fatal(err)
	}
	ctrl.mu.Lock()
	defer ctrl.mu.Unlock()
	if n := len(ctrl.baked["deck-1"]); n != 3 {
		t.Fatalf("deck-1 baked %d batches", n)
	}
}
