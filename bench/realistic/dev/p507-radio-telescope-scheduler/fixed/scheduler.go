package scheduler

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// Logger is the subset of *log.Logger the scheduler uses.
type Logger interface {
	Printf(format string, args ...any)
}

// Config holds the array-wide observing limits.
type Config struct {
	MinElevation  float64
	MaxWindKmh    float64
	StatusTimeout time.Duration
	PointingStep  time.Duration
	Logger        Logger
	Now           func() time.Time
}

// Scheduler runs observations on a fixed antenna array.
type Scheduler struct {
	array []Antenna
	cfg   Config
	log   Logger
}

// New returns a scheduler for array.
func New(array []Antenna, cfg Config) (*Scheduler, error) {
	if len(array) == 0 {
		return nil, errors.New("scheduler: empty array")
	}
	seen := make(map[string]bool, len(array))
	for _, a := range array {
		if seen[a.ID()] {
			return nil, fmt.Errorf("scheduler: antenna %s listed twice", a.ID())
		}
		seen[a.ID()] = true
	}
	if cfg.MinElevation == 0 {
		cfg.MinElevation = 15
	}
	if cfg.MaxWindKmh == 0 {
		cfg.MaxWindKmh = 50
	}
	if cfg.StatusTimeout == 0 {
		cfg.StatusTimeout = 2 * time.Second
	}
	if cfg.PointingStep == 0 {
		cfg.PointingStep = 10 * time.Minute
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s := &Scheduler{array: array, cfg: cfg, log: cfg.Logger}
	if s.log == nil {
		s.log = log.New(io.Discard, "", 0)
	}
	return s, nil
}

// plan returns the antennas whose horizon allows them to follow the target
// for the whole window.
func (s *Scheduler) plan(obs Observation, t *tally) []Antenna {
	var out []Antenna
	for _, a := range s.array {
		if !visible(a.Site(), obs.Target, obs.Start, obs.End, s.cfg.MinElevation, s.cfg.PointingStep) {
			t.skip(a.ID(), "target below elevation limit")
			continue
		}
		out = append(out, a)
	}
	return out
}

func (s *Scheduler) usable(ctx context.Context, a Antenna, band string) (bool, string) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.StatusTimeout)
	defer cancel()
	st, err := a.Status(ctx)
	if err != nil {
		return false, "status: " + err.Error()
	}
	if st.Mode != Operational {
		return false, st.Mode.String()
	}
	if st.WindKmh > s.cfg.MaxWindKmh {
		return false, fmt.Sprintf("wind %.0f km/h", st.WindKmh)
	}
	for _, b := range st.Bands {
		if b == band {
			return true, ""
		}
	}
	return false, "no receiver for band " + band
}

// Observe tracks obs.Target with every usable antenna until obs.End and
// reports what came back. Antennas still tracking when the window closes
// are reported as missed.
func (s *Scheduler) Observe(ctx context.Context, obs Observation) (Report, error) {
	if err := obs.validate(s.cfg.Now()); err != nil {
		return Report{}, err
	}
	t := newTally(obs.ID)
	plan := s.plan(obs, t)
	if len(plan) < obs.MinAntennas {
		return t.report(), fmt.Errorf("%w: %d of %d can see %s", ErrInsufficientArray, len(plan), obs.MinAntennas, obs.Target.Name)
	}

	wctx, cancel := context.WithDeadline(ctx, obs.End)
	defer cancel()

	var wg sync.WaitGroup
	for _, a := range plan {
		if ok, reason := s.usable(wctx, a, obs.Band); !ok {
			s.log.Printf("%s: skipping %s: %s", obs.ID, a.ID(), reason)
			t.skip(a.ID(), reason)
			continue
		}
		t.start(a.ID())
		wg.Add(1)
		go func(a Antenna) {
			defer wg.Done()
			c, err := a.Track(wctx, obs.Target, obs.Band, obs.End)
			switch {
			case err == nil:
				t.record(a.ID(), c)
			case errors.Is(err, context.DeadlineExceeded):
				s.log.Printf("%s: %s still tracking at window end", obs.ID, a.ID())
			default:
				s.log.Printf("%s: %s failed: %v", obs.ID, a.ID(), err)
				t.fail(a.ID(), err)
			}
		}(a)
	}

	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()

	select {
	case <-done:
	case <-wctx.Done():
		if err := ctx.Err(); err != nil {
			return t.report(), err
		}
		s.log.Printf("%s: window closed", obs.ID)
	}

	rep := t.report()
	if len(rep.Captures) < obs.MinAntennas {
		return rep, fmt.Errorf("%w: %d of %d", ErrInsufficientData, len(rep.Captures), obs.MinAntennas)
	}
	return rep, nil
}
