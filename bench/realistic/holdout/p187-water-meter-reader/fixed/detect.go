package meterread

import (
	"sort"
	"time"
)

// LeakAlert reports a meter that has recorded flow in every interval of
// the detection window. A household that never stops using water for a
// whole day almost always has a leak: a running toilet, a burst pipe.
type LeakAlert struct {
	MeterID   string
	Since     time.Time
	Intervals int
	Litres    uint32
}

// detector watches a stream of readings for continuous flow.
type detector struct {
	// window is the number of consecutive intervals with flow that raises
	// an alert.
	window int
	// minLitres is the smallest advance of the register that counts as
	// flow; smaller changes are meter jitter.
	minLitres uint32
}

type flowRun struct {
	prev      Reading
	since     time.Time
	intervals int
	litres    uint32
}

// scan consumes readings until in is closed and returns an alert for every
// meter whose run of continuous flow reached the window. Readings for one
// meter must arrive in time order.
func (d *detector) scan(in <-chan Reading) []LeakAlert {
	runs := make(map[string]*flowRun)
	for r := range in {
		run, ok := runs[r.MeterID]
		if !ok {
			runs[r.MeterID] = &flowRun{prev: r, since: r.At}
			continue
		}
		delta := r.Litres - run.prev.Litres
		if r.Status&StatusReverse != 0 || delta < d.minLitres {
			run.intervals, run.litres, run.since = 0, 0, r.At
		} else {
			run.intervals++
			run.litres += delta
		}
		run.prev = r
	}

	var alerts []LeakAlert
	for id, run := range runs {
		if run.intervals >= d.window {
			alerts = append(alerts, LeakAlert{
				MeterID:   id,
				Since:     run.since,
				Intervals: run.intervals,
				Litres:    run.litres,
			})
		}
	}
	sort.Slice(alerts, func(i, j int) bool { return alerts[i].MeterID < alerts[j].MeterID })
	return alerts
}
