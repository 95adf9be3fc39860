package shutter

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeLeaf struct {
	name   string
	travel time.Duration

	mu     sync.Mutex
	pos    Position
	iced   bool
	drives int
}

func (l *fakeLeaf) Name() string { return l.name }

func (l *fakeLeaf) Position(context.Context) (Position, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.pos, nil
}

func (l *fakeLeaf) Drive(ctx context.Context, target Position) error {
	l.mu.Lock()
	l.drives++
	iced := l.iced
	l.mu.Unlock()

	if iced {
		l.mu.Lock()
		l.pos = Partial
		l.mu.Unlock()
		<-ctx.Done()
		return ctx.Err()
	}
	select {
	case <-time.After(l.travel):
	case <-ctx.Done():
		return ctx.Err()
	}
	l.mu.Lock()
	l.pos = target
	l.mu.Unlock()
	return nil
}

func (l *fakeLeaf) driveCount() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.drives
}

func (l *fakeLeaf) thaw() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.iced = false
}

type clearSky struct{}

func (clearSky) OpenAllowed(context.Context) (bool, string, error) { return true, "", nil }

func TestOpenWithIcedWindscreenThenClose(t *testing.T) {
	defer goleak.VerifyNone(t)

	upper := &fakeLeaf{name: "upper", travel: 3 * time.Millisecond, pos: Closed}
	lower := &fakeLeaf{name: "lower", travel: 3 * time.Millisecond, pos: Open}
	screen := &fakeLeaf{name: "windscreen", travel: 2 * time.Millisecond, pos: Closed, iced: true}

	var mu sync.Mutex
	var events []Event
	c, err := New(Config{Site: "Mauna Kea 2.2m", MotionTimeout: 100 * time.Millisecond},
		clearSky{}, []Leaf{upper, lower, screen},
		WithEventHook(func(e Event) {
			mu.Lock()
			events = append(events, e)
			mu.Unlock()
		}))
	if err != nil {
		t.Fatal(err)
	}

	ctx := context.Background()
	err = c.Open(ctx)
	if !errors.Is(err, ErrMotionTimeout) {
		t.Fatalf("Open with iced windscreen = %v, want ErrMotionTimeout", err)
	}
	if st, last := c.State(); st != Unknown || last == nil {
		t.Fatalf("state after failed open = %s, %v", st, last)
	}
	if n := lower.driveCount(); n != 0 {
		t.Fatalf("lower leaf already open but driven %d times", n)
	}

	// The night assistant clears the ice and closes up.
	screen.thaw()
	if err := c.Close(ctx); err != nil {
		t.Fatalf("Close: %v", err)
	}
	for _, l := range []*fakeLeaf{upper, lower, screen} {
		if p, _ := l.Position(ctx); p != Closed {
			t.Errorf("leaf %s is %s after Close", l.name, p)
		}
	}
	if st, last := c.State(); st != Closed || last != nil {
		t.Fatalf("state after close = %s, %v", st, last)
	}

	mu.Lock()
	defer mu.Unlock()
	if len(events) != 2 || events[0].State != Unknown || events[1].State != Closed {
		t.Fatalf("events = %+v", events)
	}
}
