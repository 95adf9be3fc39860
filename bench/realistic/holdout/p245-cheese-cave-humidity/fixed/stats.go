package cave

import (
	"math"
	"sort"
	"time"
)

// window is a fixed-size ring of recent humidity values for one zone.
type window struct {
	values []float64
	next   int
	full   bool
	last   time.Time
}

func newWindow(size int) *window {
	return &window{values: make([]float64, size)}
}

func (w *window) add(v float64, at time.Time) {
	w.values[w.next] = v
	w.next = (w.next + 1) % len(w.values)
	if w.next == 0 {
		w.full = true
	}
	if at.After(w.last) {
		w.last = at
	}
}

func (w *window) samples() []float64 {
	if w.full {
		out := make([]float64, len(w.values))
		copy(out, w.values)
		return out
	}
	out := make([]float64, w.next)
	copy(out, w.values[:w.next])
	return out
}

// ZoneStats summarises the recent humidity of one zone.
type ZoneStats struct {
	Zone    string
	Samples int
	Mean    float64
	Median  float64
	Min     float64
	Max     float64
	Mode    Mode
	Updated time.Time
}

func summarize(zone string, w *window) ZoneStats {
	s := w.samples()
	st := ZoneStats{Zone: zone, Samples: len(s), Updated: w.last}
	if len(s) == 0 {
		return st
	}
	sorted := append([]float64(nil), s...)
	sort.Float64s(sorted)
	sum := 0.0
	for _, v := range sorted {
		sum += v
	}
	st.Mean = round1(sum / float64(len(sorted)))
	st.Min = sorted[0]
	st.Max = sorted[len(sorted)-1]
	mid := len(sorted) / 2
	if len(sorted)%2 == 0 {
		st.Median = round1((sorted[mid-1] + sorted[mid]) / 2)
	} else {
		st.Median = sorted[mid]
	}
	return st
}

func round1(v float64) float64 {
	return math.Round(v*10) / 10
}
