package dome

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeMotor struct {
	travel time.Duration
}

func (m *fakeMotor) Drive(ctx context.Context, dir Direction) error {
	select {
	case <-time.After(m.travel):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

type fakeWeather struct {
	mu   sync.Mutex
	cond Conditions
}

func (w *fakeWeather) set(c Conditions) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.cond = c
}

func (w *fakeWeather) Current(context.Context) (Conditions, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.cond, nil
}

type fakeCamera struct {
	mu sync.Mutex
	n  int
}

func (c *fakeCamera) Expose(ctx context.Context, e Exposure) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
	return fmt.Sprintf("%s-%03d", e.Target, c.n), nil
}

func newTestController(t *testing.T, w *fakeWeather) *Controller {
	t.Helper()
	c, err := New(&fakeMotor{travel: 5 * time.Millisecond}, w,
		WithMoveTimeout(time.Second), WithLogger(testLogger{t}))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

type testLogger struct{ t *testing.T }

func (l testLogger) Printf(format string, args ...any) { l.t.Logf(format, args...) }

func TestClearNightSession(t *testing.T) {
	defer goleak.VerifyNone(t)

	w := &fakeWeather{cond: Conditions{WindMPS: 3, HumidityPct: 40}}
	c := newTestController(t, w)
	plan := []Exposure{{"M31", time.Millisecond}, {"M33", time.Millisecond}}
	s := NewSession(c, &fakeCamera{}, plan, SessionConfig{OpenTimeout: time.Second, RetryEvery: 10 * time.Millisecond})

	res, err := s.Run(context.Background())
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	if len(res.Frames) != 2 {
		t.Fatalf("frames = %v", res.Frames)
	}
	if err := c.Shutdown(context.Background()); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	if st := c.Status(); st.State != StateClosed || st.Moves != 2 {
		t.Fatalf("status after shutdown = %+v", st)
	}
}

func TestRainedOutSessionShutdown(t *testing.T) {
	defer goleak.VerifyNone(t)

	w := &fakeWeather{cond: Conditions{WindMPS: 4, HumidityPct: 97, Rain: true}}
	c := newTestController(t, w)
	plan := []Exposure{{"NGC7000", 2 * time.Millisecond}}
	s := NewSession(c, &fakeCamera{}, plan, SessionConfig{OpenTimeout: 2 * time.Second, RetryEvery: 5 * time.Millisecond})

	done := make(chan error, 1)
	go func() {
		_, err := s.Run(context.Background())
		done <- err
	}()

	time.Sleep(30 * time.Millisecond)
	if err := c.Shutdown(context.Background()); err != nil {
		t.Fatalf("shutdown: %v", err)
	}

	select {
	case err := <-done:
		if !errors.Is(err, ErrClosed) {
			t.Fatalf("run error = %v, want ErrClosed", err)
		}
	case <-time.After(time.Second):
		t.Fatal("session still waiting after shutdown")
	}
	if st := c.Status(); st.State != StateClosed || st.Moves != 0 {
		t.Fatalf("status = %+v", st)
	}
}
