package liftqueue

import (
	"math"
	"time"
)

// lineState keeps what the estimator remembers about one lift between polls.
type lineState struct {
	lastLoaded int
	lastAt     time.Time
	// loadRate is the smoothed loading rate in skiers per minute.
	loadRate float64
}

// counts is the aggregate of one poll across a lift's gates.
type counts struct {
	entered int
	loaded  int
	at      time.Time
}

// estimator turns cumulative turnstile counters into a queue length and a
// wait time. It is not safe for concurrent use; Monitor serialises access.
type estimator struct {
	alpha   float64
	maxWait time.Duration
}

func (e estimator) update(st *lineState, lift Lift, c counts) (queue int, rate float64, wait time.Duration) {
	queue = c.entered - c.loaded
	if queue < 0 {
		// Singles lane skiers can be loaded before their entry scan is
		// uploaded; never report a negative line.
		queue = 0
	}

	design := float64(lift.CapacityPerHour) / 60
	switch {
	case st.lastAt.IsZero():
		st.loadRate = design
	case c.at.After(st.lastAt) && c.loaded >= st.lastLoaded:
		minutes := c.at.Sub(st.lastAt).Minutes()
		observed := float64(c.loaded-st.lastLoaded) / minutes
		st.loadRate = e.alpha*observed + (1-e.alpha)*st.loadRate
	case c.loaded < st.lastLoaded:
		// Counters were reset by a controller reboot; start over from
		// the lift's design capacity.
		st.loadRate = design
	}
	st.lastLoaded = c.loaded
	if c.at.After(st.lastAt) {
		st.lastAt = c.at
	}

	rate = st.loadRate
	if rate < design*0.1 {
		// A stopped lift would otherwise produce an infinite wait; the
		// boards show the cap until the lift restarts.
		return queue, rate, e.maxWait
	}
	minutes := float64(queue) / rate
	wait = time.Duration(math.Ceil(minutes)) * time.Minute
	if wait > e.maxWait {
		wait = e.maxWait
	}
	return queue, rate, wait
}
