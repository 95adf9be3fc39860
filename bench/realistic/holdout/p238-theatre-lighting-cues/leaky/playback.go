package cues

import (
	"errors"
	"fmt"
	"time"
)

var (
	// ErrEndOfList is returned by Go when the last cue is already live.
	ErrEndOfList = errors.New("cues: end of cue list")
	// ErrUnknownCue is returned by GoTo for a cue number not in the list.
	ErrUnknownCue = errors.New("cues: unknown cue")
)

// Cue is a lighting state reached by a timed crossfade.
type Cue struct {
	Number string
	Label  string
	Fade   time.Duration
	Levels map[string]float64
}

// CueList is the ordered list of cues of a show.
type CueList []Cue

func (l CueList) index(number string) int {
	for i, q := range l {
		if q.Number == number {
			return i
		}
	}
	return -1
}

// Validate checks that every cue number is unique and every fixture used
// by a cue is patched.
func (l CueList) Validate(p Patch) error {
	seen := make(map[string]bool)
	for _, q := range l {
		if seen[q.Number] {
			return fmt.Errorf("cues: cue %s recorded twice", q.Number)
		}
		seen[q.Number] = true
		for id := range q.Levels {
			if !p.Has(id) {
				return fmt.Errorf("cues: cue %s uses unpatched fixture %s", q.Number, id)
			}
		}
	}
	return nil
}

// fade is the crossfade in progress from one state to another.
type fade struct {
	from  map[string]float64
	to    map[string]float64
	start time.Time
	dur   time.Duration
}

func (f fade) at(now time.Time) map[string]float64 {
	progress := 1.0
	if f.dur > 0 {
		progress = float64(now.Sub(f.start)) / float64(f.dur)
		if progress > 1 {
			progress = 1
		} else if progress < 0 {
			progress = 0
		}
	}
	out := make(map[string]float64, len(f.from)+len(f.to))
	for id, v := range f.from {
		out[id] = v * (1 - progress)
	}
	for id, v := range f.to {
		out[id] += v * progress
	}
	return out
}

// Go runs the next cue in the list.
func (c *Console) Go() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return ErrClosed
	}
	next := c.live + 1
	if next >= len(c.cues) {
		return ErrEndOfList
	}
	c.startCue(next, time.Now())
	return nil
}

// GoTo jumps to the given cue, fading with that cue's time.
func (c *Console) GoTo(number string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return ErrClosed
	}
	i := c.cues.index(number)
	if i < 0 {
		return fmt.Errorf("%w: %s", ErrUnknownCue, number)
	}
	c.startCue(i, time.Now())
	return nil
}

func (c *Console) startCue(i int, now time.Time) {
	q := c.cues[i]
	c.fade = fade{
		from:  c.fade.at(now),
		to:    q.Levels,
		start: now,
		dur:   q.Fade,
	}
	c.live = i
	c.log.Printf("cues: GO cue %s %q (%v)", q.Number, q.Label, q.Fade)
}
