package surge

import (
	"errors"
	"math"
	"sync"
	"time"
)

// ZoneConfig describes how a single zone is priced.
type ZoneConfig struct {
	// ID identifies the zone, typically an H3 cell or a city district.
	ID string
	// Floor is the lowest multiplier ever published. Defaults to 1.0.
	Floor float64
	// Cap is the highest multiplier ever published. Defaults to 3.0.
	Cap float64
	// Sensitivity scales how quickly the multiplier grows as demand
	// outstrips supply. Defaults to 0.5.
	Sensitivity float64
}

func (zc ZoneConfig) withDefaults() ZoneConfig {
	if zc.Floor == 0 {
		zc.Floor = 1.0
	}
	if zc.Cap == 0 {
		zc.Cap = 3.0
	}
	if zc.Sensitivity == 0 {
		zc.Sensitivity = 0.5
	}
	return zc
}

func (zc ZoneConfig) validate() error {
	switch {
	case zc.ID == "":
		return errors.New("empty id")
	case zc.Floor < 1:
		return errors.New("floor below 1.0")
	case zc.Cap < zc.Floor:
		return errors.New("cap below floor")
	case zc.Sensitivity < 0:
		return errors.New("negative sensitivity")
	}
	return nil
}

// bucket holds the counts observed during one slice of the window.
type bucket struct {
	start     time.Time
	requests  int
	available int
	busy      int
}

// zone owns the sliding window for one zone. Events are applied by a
// dedicated goroutine so that Record never contends with readers for long.
type zone struct {
	id     string
	events chan DemandEvent
	done   chan struct{}

	width  time.Duration
	window time.Duration

	mu      sync.Mutex
	limits  ZoneConfig
	buckets []bucket
}

func newZone(zc ZoneConfig, window time.Duration, n, queue int) *zone {
	width := window / time.Duration(n)
	if width <= 0 {
		width = time.Second
	}
	return &zone{
		id:      zc.ID,
		events:  make(chan DemandEvent, queue),
		done:    make(chan struct{}),
		width:   width,
		window:  window,
		limits:  zc,
		buckets: make([]bucket, n),
	}
}

// run applies queued events until the event channel is closed.
func (z *zone) run() {
	defer close(z.done)
	for ev := range z.events {
		z.apply(ev)
	}
}

// stop closes the event queue and waits for the aggregator to drain it.
func (z *zone) stop() {
	close(z.events)
	<-z.done
}

func (z *zone) slot(t time.Time) (*bucket, time.Time) {
	start := t.Truncate(z.width)
	idx := int((start.UnixNano() / int64(z.width)) % int64(len(z.buckets)))
	return &z.buckets[idx], start
}

func (z *zone) apply(ev DemandEvent) {
	z.mu.Lock()
	defer z.mu.Unlock()
	b, start := z.slot(ev.At)
	if !b.start.Equal(start) {
		if b.start.After(start) {
			// The event is older than anything still in the window.
			return
		}
		*b = bucket{start: start}
	}
	switch ev.Kind {
	case RideRequested:
		b.requests++
	case DriverAvailable:
		b.available++
	case DriverBusy:
		b.busy++
	}
}

func (z *zone) setLimits(zc ZoneConfig) {
	z.mu.Lock()
	z.limits = zc
	z.mu.Unlock()
}

// multiplier returns the surge multiplier for the window ending at now,
// rounded to one decimal place as riders see it.
func (z *zone) multiplier(now time.Time) float64 {
	z.mu.Lock()
	defer z.mu.Unlock()
	cutoff := now.Add(-z.window)
	var requests, supply int
	for _, b := range z.buckets {
		if b.start.IsZero() || !b.start.After(cutoff) || b.start.After(now) {
			continue
		}
		requests += b.requests
		supply += b.available - b.busy
	}
	if supply < 1 {
		supply = 1
	}
	ratio := float64(requests) / float64(supply)
	m := z.limits.Floor
	if ratio > 1 {
		m += z.limits.Sensitivity * (ratio - 1)
	}
	m = math.Min(m, z.limits.Cap)
	return math.Round(m*10) / 10
}
