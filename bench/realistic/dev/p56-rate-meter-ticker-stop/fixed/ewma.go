package metrics

import (
	"math"
	"time"
)

// ewma is an exponentially weighted moving average of a per-second rate,
// updated once per tick, in the style of Unix load averages.
type ewma struct {
	alpha     float64
	interval  time.Duration
	rate      float64 // events per second
	uncounted int64
	init      bool
}

func newEWMA(window, interval time.Duration) *ewma {
	return &ewma{
		alpha:    1 - math.Exp(-interval.Seconds()/window.Seconds()),
		interval: interval,
	}
}

func (e *ewma) update(n int64) { e.uncounted += n }

func (e *ewma) tick() {
	instant := float64(e.uncounted) / e.interval.Seconds()
	e.uncounted = 0
	if !e.init {
		e.rate, e.init = instant, true
		return
	}
	e.rate += e.alpha * (instant - e.rate)
}
