package interlock

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type testLogger struct{ t *testing.T }

func (l testLogger) Printf(format string, args ...any) { l.t.Logf(format, args...) }

type groundFrame struct {
	mu        sync.Mutex
	positions map[string]Position
	travel    time.Duration
	seized    map[string]bool
}

func newGroundFrame() *groundFrame {
	return &groundFrame{
		positions: make(map[string]Position),
		seized:    make(map[string]bool),
		travel:    time.Millisecond,
	}
}

func (g *groundFrame) Throw(ctx context.Context, point string, pos Position) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(g.travel):
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.seized[point] {
		return errors.New("motor overcurrent")
	}
	g.positions[point] = pos
	return nil
}

func (g *groundFrame) Detect(ctx context.Context, point string) (Position, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.positions[point], nil
}

func eastYard() Config {
	return Config{
		Points: []string{"P101", "P102", "P103"},
		Routes: []RouteSpec{
			{Name: "S1-P2", Entry: "S1", Exit: "S12", Points: map[string]Position{"P101": Reverse, "P102": Normal}},
			{Name: "S4-SDG", Entry: "S4", Exit: "S19", Points: map[string]Position{"P101": Normal, "P103": Reverse}},
		},
		ThrowTimeout:  200 * time.Millisecond,
		DetectRetries: 2,
	}
}

func TestOutOfServicePointRefusesRoute(t *testing.T) {
	defer goleak.VerifyNone(t)

	il, err := New(eastYard(), newGroundFrame(), WithLogger(testLogger{t}))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if err := il.SetOutOfService("P103", "blade replacement"); err != nil {
		t.Fatal(err)
	}
	_, err = il.RequestRoute(context.Background(), "S4-SDG")
	if !errors.Is(err, ErrPointOutOfService) {
		t.Fatalf("got %v, want ErrPointOutOfService", err)
	}
	if _, err := il.RequestRoute(context.Background(), "S9-NOWHERE"); !errors.Is(err, ErrUnknownRoute) {
		t.Fatalf("got %v, want ErrUnknownRoute", err)
	}
}

func TestConfigRejectsUnknownPoint(t *testing.T) {
	cfg := eastYard()
	cfg.Routes = append(cfg.Routes, RouteSpec{Name: "S7-P1", Entry: "S7", Exit: "S11", Points: map[string]Position{"P999": Normal}})
	if _, err := New(cfg, newGroundFrame()); !errors.Is(err, ErrConfig) {
		t.Fatalf("got %v, want ErrConfig", err)
	}
}

func TestConflictingRouteRefusedWhileSet(t *testing.T) {
	il, err := New(eastYard(), newGroundFrame(), WithLogger(testLogger{t}))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ctx := context.Background()

	lease, err := il.RequestRoute(ctx, "S1-P2")
	if err != nil {
		t.Fatalf("set S1-P2: %v", err)
	}
	for _, st := range il.Status() {
		if st.ID == "P101" && (st.Position != Reverse || st.UsedBy != "S1-P2") {
			t.Errorf("P101 = %+v, want reverse and used by S1-P2", st)
		}
	}

	waitCtx, cancel := context.WithTimeout(ctx, 40*time.Millisecond)
	_, err = il.RequestRoute(waitCtx, "S4-SDG")
	cancel()
	if !errors.Is(err, ErrRouteBusy) {
		t.Fatalf("conflicting route: got %v, want ErrRouteBusy", err)
	}

	lease.Release()
	lease.Release()
	if got := il.ActiveRoutes(); len(got) != 0 {
		t.Errorf("active routes after release: %v", got)
	}

	goleak.VerifyNone(t)
}
