package spacing

import (
	"sync/atomic"
	"time"
)

type line struct {
	cfg  LiftConfig
	feed chan ChairPass
	done chan struct{}

	passes   atomic.Int64
	alerts   atomic.Int64
	outOrder atomic.Int64
}

// LineStats are counters for one lift.
type LineStats struct {
	Passes     int64
	Alerts     int64
	OutOfOrder int64
}

func (l *line) stats() LineStats {
	return LineStats{Passes: l.passes.Load(), Alerts: l.alerts.Load(), OutOfOrder: l.outOrder.Load()}
}

func (m *Monitor) startLine(cfg LiftConfig) *line {
	l := &line{
		cfg:  cfg,
		feed: make(chan ChairPass, m.cfg.FeedBuffer),
		done: make(chan struct{}),
	}
	go m.watch(l)
	return l
}

func (m *Monitor) watch(l *line) {
	defer close(l.done)

	minGap := l.cfg.minGap()
	var (
		prev    ChairPass
		started bool
		short   int
	)
	for p := range l.feed { // leak: SetSpeed replaces the line in the map without closing its feed
		l.passes.Add(1)
		if started && !p.At.After(prev.At) {
			l.outOrder.Add(1)
			continue
		}
		if !started {
			prev, started = p, true
			continue
		}

		gap := p.At.Sub(prev.At)
		if gap >= minGap {
			short = 0
			prev = p
			continue
		}

		short++
		a := Alert{
			LiftID:   l.cfg.ID,
			Chair:    p.Chair,
			Previous: prev.Chair,
			SpacingM: gap.Seconds() * l.cfg.SpeedMPS,
			Severity: SeverityWarn,
			At:       p.At,
		}
		if l.cfg.BunchedAfter > 0 && short >= l.cfg.BunchedAfter {
			a.Severity = SeverityStop
		}
		l.alerts.Add(1)
		if err := m.sink.SpacingAlert(a); err != nil {
			m.cfg.Logger.Printf("spacing: deliver alert for %s chair %d: %v", a.LiftID, a.Chair, err)
		}
		prev = p
	}
}

// gapFor returns the photo-eye interval between chairs spacingM apart on a
// rope running at speedMPS.
func gapFor(spacingM, speedMPS float64) time.Duration {
	return time.Duration(spacingM / speedMPS * float64(time.Second))
}
