package replay

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type sliceSource struct {
	ticks []Tick
	err   error // returned once ticks run out; io.EOF for a clean recording
}

func (s *sliceSource) Next(ctx context.Context) (Tick, error) {
	if err := ctx.Err(); err != nil {
		return Tick{}, err
	}
	if len(s.ticks) == 0 {
		return Tick{}, s.err
	}
	t := s.ticks[0]
	s.ticks = s.ticks[1:]
	return t, nil
}

type recordingStrategy struct {
	name string
	got  chan Tick
}

func (r *recordingStrategy) Name() string { return r.name }

func (r *recordingStrategy) OnTick(_ context.Context, t Tick) error {
	r.got <- t
	return nil
}

// manualClock advances instantly whenever someone waits on it.
type manualClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *manualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *manualClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	ch := make(chan time.Time, 1)
	ch <- c.now
	return ch
}

func TestRunStopsOnCorruptRecording(t *testing.T) {
	defer goleak.VerifyNone(t)

	errCorrupt := errors.New("record 4: bad checksum")
	open := time.Date(2023, 11, 17, 14, 30, 0, 0, time.UTC)
	src := &sliceSource{
		ticks: []Tick{
			{Symbol: "ACME", Price: 101.25, Size: 200, Time: open},
			{Symbol: "INIT", Price: 12.10, Size: 50, Time: open.Add(40 * time.Millisecond)},
			{Symbol: "ACME", Price: 101.30, Size: 100, Time: open.Add(250 * time.Millisecond)},
		},
		err: errCorrupt,
	}
	strat := &recordingStrategy{name: "momentum", got: make(chan Tick, 8)}

	r, err := New(src, []Strategy{strat},
		WithSpeed(2),
		WithClock(&manualClock{now: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}),
		WithSymbols("ACME"),
		WithBuffer(4),
	)
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	st, err := r.Run(context.Background())
	if !errors.Is(err, errCorrupt) {
		t.Fatalf("Run: got %v, want %v", err, errCorrupt)
	}
	if st.Read != 3 || st.Skipped != 1 || st.Published != 2 {
		t.Fatalf("stats = %+v", st)
	}
	for i, want := range []float64{101.25, 101.30} {
		if got := <-strat.got; got.Price != want {
			t.Fatalf("tick %d: price %v, want %v", i, got.Price, want)
		}
	}
}
