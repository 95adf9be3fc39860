package telemetry

import (
	"errors"
	"math"
	"sort"
	"sync"
	"time"
)

// Summary aggregates the frames of one turbine over one window.
type Summary struct {
	Turbine     string
	Window      time.Time
	Samples     int
	MeanPowerKW float64
	MaxRotorRPM float64
	MeanWindMS  float64
	MinPitchDeg float64
	MaxPitchDeg float64
	IcingAlerts int
}

// Report is the outcome of one pipeline run.
type Report struct {
	Accepted    int
	Rejected    map[string]int
	Maintenance int
	Summaries   []Summary
}

type bucketKey struct {
	turbine string
	window  time.Time
}

type bucket struct {
	n        int
	powerSum float64
	windSum  float64
	maxRPM   float64
	minPitch float64
	maxPitch float64
	icing    int
}

type aggregator struct {
	window time.Duration

	mu          sync.Mutex
	buckets     map[bucketKey]*bucket
	accepted    int
	rejected    map[string]int
	maintenance int
}

func newAggregator(window time.Duration) *aggregator {
	return &aggregator{
		window:   window,
		buckets:  make(map[bucketKey]*bucket),
		rejected: make(map[string]int),
	}
}

func (a *aggregator) add(f Frame) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if f.StatusBit&StatusMaintenance != 0 {
		a.maintenance++
		return
	}
	k := bucketKey{turbine: f.Turbine, window: f.At.Truncate(a.window)}
	b, ok := a.buckets[k]
	if !ok {
		b = &bucket{minPitch: math.Inf(1), maxPitch: math.Inf(-1)}
		a.buckets[k] = b
	}
	b.n++
	b.powerSum += f.PowerKW
	b.windSum += f.WindMS
	b.maxRPM = math.Max(b.maxRPM, f.RotorRPM)
	b.minPitch = math.Min(b.minPitch, f.PitchDeg)
	b.maxPitch = math.Max(b.maxPitch, f.PitchDeg)
	if f.StatusBit&StatusIcing != 0 {
		b.icing++
	}
	a.accepted++
}

func (a *aggregator) reject(err error) {
	reason := "other"
	for _, known := range []error{ErrShortFrame, ErrBadMagic, ErrVersion, ErrChecksum} {
		if errors.Is(err, known) {
			reason = known.Error()
			break
		}
	}
	a.mu.Lock()
	a.rejected[reason]++
	a.mu.Unlock()
}

func (a *aggregator) report() Report {
	a.mu.Lock()
	defer a.mu.Unlock()
	rep := Report{
		Accepted:    a.accepted,
		Rejected:    make(map[string]int, len(a.rejected)),
		Maintenance: a.maintenance,
	}
	for k, v := range a.rejected {
		rep.Rejected[k] = v
	}
	for k, b := range a.buckets {
		rep.Summaries = append(rep.Summaries, Summary{
			Turbine:     k.turbine,
			Window:      k.window,
			Samples:     b.n,
			MeanPowerKW: b.powerSum / float64(b.n),
			MaxRotorRPM: b.maxRPM,
			MeanWindMS:  b.windSum / float64(b.n),
			MinPitchDeg: b.minPitch,
			MaxPitchDeg: b.maxPitch,
			IcingAlerts: b.icing,
		})
	}
	sort.Slice(rep.Summaries, func(i, j int) bool {
		si, sj := rep.Summaries[i], rep.Summaries[j]
		if si.Turbine != sj.Turbine {
			return si.Turbine < sj.Turbine
		}
		return si.Window.Before(sj.Window)
	})
	return rep
}
