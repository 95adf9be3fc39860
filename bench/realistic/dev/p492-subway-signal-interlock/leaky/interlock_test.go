package interlock

import (
	"context"
	"errors"
	"log"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeField struct {
	mu      sync.Mutex
	points  map[string]PointPosition
	aspects map[string]Aspect
}

func newFakeField() *fakeField {
	return &fakeField{points: map[string]PointPosition{}, aspects: map[string]Aspect{}}
}

func (f *fakeField) SetPoint(ctx context.Context, point string, pos PointPosition) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.points[point] = pos
	return nil
}

func (f *fakeField) SetAspect(ctx context.Context, signal string, a Aspect) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.aspects[signal] = a
	return nil
}

func (f *fakeField) aspect(signal string) Aspect {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.aspects[signal]
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

var junction = Layout{
	Name: "Canal St junction",
	Routes: []Route{
		{ID: "R1", EntrySignal: "CS12", ExitSignal: "CS20", Sections: []SectionID{"T1", "T2", "T3"},
			Points: map[string]PointPosition{"P101": Normal}},
		{ID: "R2", EntrySignal: "CS14", ExitSignal: "CS22", Sections: []SectionID{"T3", "T4", "T5"},
			Points: map[string]PointPosition{"P101": Reverse, "P102": Normal}},
		{ID: "R3", EntrySignal: "CS16", ExitSignal: "CS24", Sections: []SectionID{"T6", "T7"}},
	},
}

func awaitGrant(t *testing.T, ch <-chan Grant) Grant {
	t.Helper()
	select {
	case g := <-ch:
		return g
	case <-time.After(2 * time.Second):
		t.Fatal("no grant")
	}
	return Grant{}
}

func TestShutdownWithConflictingRouteQueued(t *testing.T) {
	defer goleak.VerifyNone(t)

	field := newFakeField()
	il, err := New(junction, field, WithLogger(log.New(testWriter{t}, "", 0)), WithFieldTimeout(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	grants := make(chan Grant, 8)
	onGrant := func(g Grant) { grants <- g }

	if err := il.RequestRoute(ctx, "train-101", "R1", onGrant); err != nil {
		t.Fatal(err)
	}
	if g := awaitGrant(t, grants); g.Err != nil || g.Route != "R1" {
		t.Fatalf("R1 grant: %+v", g)
	}
	if err := il.RequestRoute(ctx, "train-202", "R3", onGrant); err != nil {
		t.Fatal(err)
	}
	if g := awaitGrant(t, grants); g.Err != nil || g.Route != "R3" {
		t.Fatalf("R3 grant: %+v", g)
	}

	if err := il.RequestRoute(ctx, "train-303", "R2", onGrant); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Second)
	for il.Waiting() != 1 {
		if time.Now().After(deadline) {
			t.Fatal("R2 request never queued")
		}
		time.Sleep(time.Millisecond)
	}

	if err := il.ReleaseRoute(ctx, "train-101", "R3"); !errors.Is(err, ErrNotHolder) {
		t.Fatalf("release by wrong train: %v", err)
	}
	if err := il.ReleaseRoute(ctx, "train-202", "R3"); err != nil {
		t.Fatal(err)
	}
	if field.aspect("CS16") != Danger || field.aspect("CS12") != Proceed {
		t.Fatalf("aspects CS12=%v CS16=%v", field.aspect("CS12"), field.aspect("CS16"))
	}
	if occ := strings.Join(il.Occupancy(), ","); occ != "T1=train-101,T2=train-101,T3=train-101" {
		t.Fatalf("occupancy %s", occ)
	}

	il.Close()
	if err := il.RequestRoute(ctx, "train-404", "R3", onGrant); !errors.Is(err, ErrClosed) {
		t.Fatalf("request after close: %v", err)
	}
}
