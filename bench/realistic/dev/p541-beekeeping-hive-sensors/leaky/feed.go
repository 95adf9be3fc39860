package hive

import (
	"fmt"
	"sync"
	"time"
)

// Stats summarises one metric of one hive.
type Stats struct {
	Count    int
	Min, Max float64
	Last     float64
	LastAt   time.Time
}

func (s *Stats) add(v float64, at time.Time) {
	if s.Count == 0 || v < s.Min {
		s.Min = v
	}
	if s.Count == 0 || v > s.Max {
		s.Max = v
	}
	s.Count++
	s.Last = v
	s.LastAt = at
}

// Summary is a point-in-time view of a hive.
type Summary struct {
	HiveID  string
	Apiary  string
	Metrics map[Metric]Stats
}

// feed owns the readings of a single hive and the state derived from them.
type feed struct {
	hiveID   string
	readings chan Reading
	done     chan struct{}

	mu      sync.Mutex
	info    HiveInfo
	limits  Thresholds
	stats   map[Metric]*Stats
	weights []float64
	window  int
	alerted map[string]bool
}

func newFeed(hiveID string, window, buffer int) *feed {
	return &feed{
		hiveID:   hiveID,
		readings: make(chan Reading, buffer),
		done:     make(chan struct{}),
		limits:   DefaultThresholds,
		stats:    make(map[Metric]*Stats),
		window:   window,
		alerted:  make(map[string]bool),
	}
}

func (f *feed) configure(info HiveInfo) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.info = info
	if info.Thresholds != nil {
		f.limits = *info.Thresholds
	}
}

// observe folds a reading into the feed and returns the alerts it triggers.
// An alert kind is raised once and re-armed when the value is back in range.
func (f *feed) observe(r Reading) []Alert {
	f.mu.Lock()
	defer f.mu.Unlock()

	st, ok := f.stats[r.Metric]
	if !ok {
		st = &Stats{}
		f.stats[r.Metric] = st
	}
	st.add(r.Value, r.At)

	var out []Alert
	check := func(kind string, bad bool, msg string) {
		if !bad {
			f.alerted[kind] = false
			return
		}
		if f.alerted[kind] {
			return
		}
		f.alerted[kind] = true
		out = append(out, Alert{
			HiveID: f.hiveID, Apiary: f.info.Apiary, Kind: kind,
			Value: r.Value, At: r.At, Message: msg,
		})
	}

	switch r.Metric {
	case Temperature:
		check("chilled", r.Value < f.limits.MinBroodTemp,
			fmt.Sprintf("brood temperature %.1f°C below %.1f°C", r.Value, f.limits.MinBroodTemp))
		check("overheat", r.Value > f.limits.MaxBroodTemp,
			fmt.Sprintf("brood temperature %.1f°C above %.1f°C", r.Value, f.limits.MaxBroodTemp))
	case Humidity:
		check("damp", r.Value > f.limits.MaxHumidity,
			fmt.Sprintf("humidity %.0f%% above %.0f%%", r.Value, f.limits.MaxHumidity))
	case Weight:
		f.weights = append(f.weights, r.Value)
		if len(f.weights) > f.window {
			f.weights = f.weights[len(f.weights)-f.window:]
		}
		peak := f.weights[0]
		for _, w := range f.weights {
			if w > peak {
				peak = w
			}
		}
		drop := peak - r.Value
		check("swarm", drop >= f.limits.SwarmDropKg,
			fmt.Sprintf("weight dropped %.2fkg, possible swarm", drop))
	}
	return out
}

func (f *feed) summary() Summary {
	f.mu.Lock()
	defer f.mu.Unlock()
	s := Summary{HiveID: f.hiveID, Apiary: f.info.Apiary, Metrics: make(map[Metric]Stats, len(f.stats))}
	for m, st := range f.stats {
		s.Metrics[m] = *st
	}
	return s
}
