package fusion

import (
	"context"
	"fmt"
	"math"
	"sort"
)

// publish fuses the windows it receives and hands the estimates to the
// sink. It keeps consuming after a sink error so that align is never stuck,
// and reports the first error once windows is closed.
func (f *Fuser) publish(ctx context.Context, windows <-chan *window) error {
	var first error
	for w := range windows {
		est, ok := fuse(w, f.cfg.MinSensors, len(f.cfg.Sensors))
		if !ok {
			f.count(func(s *Stats) { s.Dropped++ })
			continue
		}
		if first != nil {
			continue
		}
		if err := f.cfg.Sink.Publish(ctx, est); err != nil {
			first = fmt.Errorf("fusion: publish window %s: %w", w.start.Format("15:04:05.000"), err)
			continue
		}
		f.count(func(s *Stats) { s.Published++ })
	}
	return first
}

// fuse combines the samples of w by inverse-variance weighting.
func fuse(w *window, minSensors, configured int) (Estimate, bool) {
	if len(w.samples) < minSensors {
		return Estimate{}, false
	}
	est := Estimate{Start: w.start, End: w.end, Partial: len(w.samples) < configured}
	var sumW, sumWV float64
	for name, s := range w.samples {
		est.Sensors = append(est.Sensors, name)
		// A calibration claiming no noise at all would divide by zero;
		// treat it as merely very precise.
		v := math.Max(s.variance, minVariance)
		sumW += 1 / v
		sumWV += s.value / v
	}
	sort.Strings(est.Sensors)
	est.Value = sumWV / sumW
	est.Variance = 1 / sumW
	return est, true
}

const minVariance = 1e-12
