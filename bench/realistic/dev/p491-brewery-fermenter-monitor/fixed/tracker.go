package fermenter

import (
	"context"
	"fmt"
	"sync"
)

// tracker follows one batch in one vessel.
type tracker struct {
	vessel string
	batch  BatchSpec
	feed   chan Reading
	done   chan struct{}
	mon    *Monitor

	mu      sync.Mutex
	sum     Summary
	alarmed map[AlertKind]bool
}

func (m *Monitor) newTracker(vessel string, batch BatchSpec, carry *Summary) *tracker {
	t := &tracker{
		vessel:  vessel,
		batch:   batch,
		feed:    make(chan Reading, m.cfg.FeedBuffer),
		done:    make(chan struct{}),
		mon:     m,
		alarmed: make(map[AlertKind]bool),
	}
	if carry != nil {
		t.sum = *carry
	}
	t.sum.Batch = batch.ID
	t.sum.Vessel = vessel
	return t
}

func (t *tracker) run() {
	defer close(t.done)
	for r := range t.feed {
		for _, a := range t.observe(r) {
			ctx, cancel := context.WithTimeout(context.Background(), t.mon.cfg.NotifyTimeout)
			if err := t.mon.notify.Notify(ctx, a); err != nil {
				t.mon.cfg.Logger.Printf("vessel %s: notify %s: %v", t.vessel, a.Kind, err)
			}
			cancel()
		}
	}
}

func (t *tracker) observe(r Reading) []Alert {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := &t.sum
	if s.Samples == 0 || r.TempC < s.MinTempC {
		s.MinTempC = r.TempC
	}
	if s.Samples == 0 || r.TempC > s.MaxTempC {
		s.MaxTempC = r.TempC
	}
	s.Samples++
	s.LastGravity = r.Gravity
	og := t.batch.OriginalGravity
	s.Attenuation = (og - r.Gravity) / (og - 1) * 100

	var alerts []Alert
	raise := func(kind AlertKind, cond bool, v float64, format string, args ...interface{}) {
		if cond && !t.alarmed[kind] {
			alerts = append(alerts, Alert{Vessel: t.vessel, Batch: t.batch.ID, Kind: kind,
				Value: v, At: r.At, Message: fmt.Sprintf(format, args...)})
		}
		t.alarmed[kind] = cond
	}
	b := t.batch
	raise(AlertTempHigh, r.TempC > b.TargetTempC+b.ToleranceC, r.TempC,
		"%s at %.1f°C, target %.1f±%.1f", t.vessel, r.TempC, b.TargetTempC, b.ToleranceC)
	raise(AlertTempLow, r.TempC < b.TargetTempC-b.ToleranceC, r.TempC,
		"%s at %.1f°C, target %.1f±%.1f", t.vessel, r.TempC, b.TargetTempC, b.ToleranceC)
	raise(AlertOverPressure, b.MaxPressureKPa > 0 && r.PressureKPa > b.MaxPressureKPa, r.PressureKPa,
		"%s head pressure %.0f kPa", t.vessel, r.PressureKPa)
	if !s.Terminal && r.Gravity <= b.TerminalGravity {
		s.Terminal = true
		raise(AlertTerminal, true, r.Gravity, "batch %s reached %.3f", b.ID, r.Gravity)
	}
	return alerts
}

func (t *tracker) snapshot() Summary {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.sum
}

func (t *tracker) dropped() {
	t.mu.Lock()
	t.sum.Dropped++
	t.mu.Unlock()
}
