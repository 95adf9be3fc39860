package fusion

import (
	"context"
	"fmt"
	"sort"
	"time"
)

// sample is a calibrated reading.
type sample struct {
	sensor   string
	value    float64
	variance float64
}

// window collects the samples falling into [start, start+length).
type window struct {
	start, end time.Time
	samples    map[string]sample
}

// aligner assigns readings to windows and decides when a window is final,
// based on the event time of the newest reading seen (the watermark).
type aligner struct {
	length   time.Duration
	lateness time.Duration

	open      map[int64]*window
	watermark time.Time
	closedTo  time.Time // windows ending at or before this have been emitted
}

func newAligner(length, lateness time.Duration) *aligner {
	return &aligner{length: length, lateness: lateness, open: make(map[int64]*window)}
}

// add places s into its window. It returns false for readings whose window
// has already been emitted.
func (a *aligner) add(at time.Time, s sample) bool {
	start := at.Truncate(a.length)
	if !a.closedTo.IsZero() && start.Before(a.closedTo) {
		return false
	}
	key := start.UnixNano()
	w, ok := a.open[key]
	if !ok {
		w = &window{start: start, end: start.Add(a.length), samples: make(map[string]sample)}
		a.open[key] = w
	}
	// A sensor reporting twice in a window keeps its latest value.
	w.samples[s.sensor] = s
	if at.After(a.watermark) {
		a.watermark = at
	}
	return true
}

// ready removes and returns, oldest first, the windows that can no longer
// receive readings.
func (a *aligner) ready() []*window {
	cutoff := a.watermark.Add(-a.lateness)
	var out []*window
	for k, w := range a.open {
		if !w.end.After(cutoff) {
			out = append(out, w)
			delete(a.open, k)
		}
	}
	return a.emitted(out)
}

// flush removes and returns all open windows, oldest first.
func (a *aligner) flush() []*window {
	out := make([]*window, 0, len(a.open))
	for k, w := range a.open {
		out = append(out, w)
		delete(a.open, k)
	}
	return a.emitted(out)
}

func (a *aligner) emitted(ws []*window) []*window {
	sort.Slice(ws, func(i, j int) bool { return ws[i].start.Before(ws[j].start) })
	if n := len(ws); n > 0 && ws[n-1].end.After(a.closedTo) {
		a.closedTo = ws[n-1].end
	}
	return ws
}

// align reads from in, calibrates every reading and sends completed windows
// to out. Calibrations are fetched once per sensor and run.
func (f *Fuser) align(ctx context.Context, in <-chan Reading, out chan<- *window) error {
	a := newAligner(f.cfg.Window, f.cfg.Lateness)
	cals := make(map[string]Calibration, len(f.cfg.Sensors))
	for {
		var r Reading
		var ok bool
		select {
		case <-ctx.Done():
			close(out)
			return ctx.Err()
		case r, ok = <-in:
		}
		if !ok {
			err := send(ctx, out, a.flush())
			close(out)
			return err
		}

		if !f.known[r.Sensor] {
			f.count(func(s *Stats) { s.Unknown++ })
			continue
		}
		cal, ok := cals[r.Sensor]
		if !ok {
			var err error
			cal, err = f.cfg.Calibrations.Lookup(ctx, r.Sensor)
			if err != nil {
				return fmt.Errorf("fusion: calibration of %s: %w", r.Sensor, err)
			}
			cals[r.Sensor] = cal
		}
		s := sample{sensor: r.Sensor, value: (r.Value - cal.Offset) * cal.Scale, variance: cal.Variance}
		if !a.add(r.At, s) {
			f.count(func(s *Stats) { s.Late++ })
			continue
		}
		f.count(func(s *Stats) { s.Readings++ })
		if err := send(ctx, out, a.ready()); err != nil {
			close(out)
			return err
		}
	}
}

func send(ctx context.Context, out chan<- *window, ws []*window) error {
	for _, w := range ws {
		select {
		case out <- w:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}
