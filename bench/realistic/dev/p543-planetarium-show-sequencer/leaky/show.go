package sequencer

import (
	"context"
	"fmt"
	"time"
)

// Clock lets shows be played against simulated time.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type wallClock struct{}

func (wallClock) Now() time.Time                         { return time.Now() }
func (wallClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// WallClock is the real clock.
var WallClock Clock = wallClock{}

// Report summarises a performance.
type Report struct {
	Title    string
	Fired    int
	Failed   []Result
	MaxDrift time.Duration // worst delay between a cue's offset and its firing
	Aborted  bool
}

// Play schedules every cue of the show at its offset, waits for all of them
// to fire and reports the performance. A failing critical cue aborts the
// rest of the show; the returned error then names that cue.
func (s *Sequencer) Play(ctx context.Context, sh *Show, clock Clock) (Report, error) {
	if clock == nil {
		clock = WallClock
	}
	rep := Report{Title: sh.Title}
	for _, c := range sh.Cues {
		if _, ok := s.devices[c.Device]; !ok {
			return rep, fmt.Errorf("%w %q (line %d)", ErrUnknownDevice, c.Device, c.Line)
		}
	}

	start := clock.Now()
	i := 0
	for i < len(sh.Cues) {
		wait := sh.Cues[i].Offset - clock.Now().Sub(start)
		if wait > 0 {
			select {
			case <-clock.After(wait):
			case <-ctx.Done():
				s.collect(&rep, start)
				return rep, ctx.Err()
			}
		}
		// queue every cue that is due, so simultaneous cues leave together
		elapsed := clock.Now().Sub(start)
		for ; i < len(sh.Cues) && sh.Cues[i].Offset <= elapsed; i++ {
			if err := s.Enqueue(sh.Cues[i]); err != nil {
				s.collect(&rep, start)
				return rep, err
			}
		}
		if failed, ok := s.criticalFailure(); ok {
			rep.Aborted = true
			s.collect(&rep, start)
			return rep, fmt.Errorf("show %q aborted: %v: %w", sh.Title, failed.Cue, failed.Err)
		}
	}
	s.collect(&rep, start)
	return rep, nil
}

func (s *Sequencer) criticalFailure() (Result, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.results {
		if r.Err != nil && r.Cue.Critical {
			return r, true
		}
	}
	return Result{}, false
}

func (s *Sequencer) collect(rep *Report, start time.Time) {
	for _, r := range s.Drain() {
		rep.Fired++
		if r.Err != nil {
			rep.Failed = append(rep.Failed, r)
		}
		if d := r.Started.Sub(start) - r.Cue.Offset; d > rep.MaxDrift {
			rep.MaxDrift = d
		}
	}
}
