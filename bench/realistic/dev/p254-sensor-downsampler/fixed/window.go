package downsample

import (
	"context"
	"math"
	"sort"
	"time"
)

// Reading is a single sample reported by a sensor.
type Reading struct {
	Sensor string
	At     time.Time
	Value  float64
}

// Rollup summarises every reading of one sensor inside one window.
type Rollup struct {
	Sensor string
	Start  time.Time
	Width  time.Duration
	Count  int
	Min    float64
	Max    float64
	Sum    float64
}

// End returns the exclusive end of the rollup window.
func (r Rollup) End() time.Time { return r.Start.Add(r.Width) }

// Mean returns the arithmetic mean of the readings in the window.
func (r Rollup) Mean() float64 {
	if r.Count == 0 {
		return math.NaN()
	}
	return r.Sum / float64(r.Count)
}

func (r *Rollup) add(v float64) {
	if r.Count == 0 || v < r.Min {
		r.Min = v
	}
	if r.Count == 0 || v > r.Max {
		r.Max = v
	}
	r.Count++
	r.Sum += v
}

// merge folds o, a rollup for the same sensor and window, into r.
func (r *Rollup) merge(o Rollup) {
	if o.Count == 0 {
		return
	}
	if r.Count == 0 || o.Min < r.Min {
		r.Min = o.Min
	}
	if r.Count == 0 || o.Max > r.Max {
		r.Max = o.Max
	}
	r.Count += o.Count
	r.Sum += o.Sum
}

// Sink persists finished rollups, typically to a time-series database.
type Sink interface {
	WriteRollups(ctx context.Context, batch []Rollup) error
}

type windowKey struct {
	sensor string
	start  int64 // unix nanoseconds of the window start
}

// windows holds the open rollup windows, keyed by sensor and window start.
// It is not safe for concurrent use.
type windows struct {
	width time.Duration
	open  map[windowKey]*Rollup
}

func newWindows(width time.Duration) *windows {
	return &windows{width: width, open: make(map[windowKey]*Rollup)}
}

func (w *windows) add(r Reading) {
	start := r.At.Truncate(w.width)
	k := windowKey{sensor: r.Sensor, start: start.UnixNano()}
	ru := w.open[k]
	if ru == nil {
		ru = &Rollup{Sensor: r.Sensor, Start: start, Width: w.width}
		w.open[k] = ru
	}
	ru.add(r.Value)
}

// restore puts rollups that could not be written back into the open set,
// merging them with anything that arrived in the meantime.
func (w *windows) restore(batch []Rollup) {
	for _, ru := range batch {
		k := windowKey{sensor: ru.Sensor, start: ru.Start.UnixNano()}
		if cur := w.open[k]; cur != nil {
			cur.merge(ru)
			continue
		}
		cp := ru
		w.open[k] = &cp
	}
}

// takeClosed removes and returns every window whose end is at or before
// cutoff, ordered by start time and sensor.
func (w *windows) takeClosed(cutoff time.Time) []Rollup {
	var out []Rollup
	for k, ru := range w.open {
		if !ru.End().After(cutoff) {
			out = append(out, *ru)
			delete(w.open, k)
		}
	}
	sortRollups(out)
	return out
}

// takeAll removes and returns every open window.
func (w *windows) takeAll() []Rollup {
	out := make([]Rollup, 0, len(w.open))
	for k, ru := range w.open {
		out = append(out, *ru)
		delete(w.open, k)
	}
	sortRollups(out)
	return out
}

func sortRollups(rs []Rollup) {
	sort.Slice(rs, func(i, j int) bool {
		if !rs[i].Start.Equal(rs[j].Start) {
			return rs[i].Start.Before(rs[j].Start)
		}
		return rs[i].Sensor < rs[j].Sensor
	})
}
