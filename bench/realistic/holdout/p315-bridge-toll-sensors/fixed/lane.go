package tollsensor

import (
	"context"
	"fmt"
	"sync/atomic"
)

// LaneConfig describes one tolling lane and the calibration of its sensors.
type LaneConfig struct {
	ID             string
	Direction      Direction
	Tariff         Tariff
	MinConfidence  float64
	WeightOffsetKg float64
	Backlog        int
}

func (c LaneConfig) validate() error {
	if c.ID == "" {
		return fmt.Errorf("tollsensor: lane id is required")
	}
	if c.Direction != Northbound && c.Direction != Southbound {
		return fmt.Errorf("tollsensor: lane %s: bad direction %q", c.ID, c.Direction)
	}
	if len(c.Tariff.Cents) == 0 {
		return fmt.Errorf("tollsensor: lane %s: tariff %q has no prices", c.ID, c.Tariff.Name)
	}
	if c.MinConfidence < 0 || c.MinConfidence > 1 {
		return fmt.Errorf("tollsensor: lane %s: min confidence %.2f out of range", c.ID, c.MinConfidence)
	}
	return nil
}

// LaneStats are the counters of one lane since it was last configured.
type LaneStats struct {
	Passes   int64
	Charged  int64
	Reviewed int64
	Failed   int64
	Revenue  int64
}

type lane struct {
	cfg     LaneConfig
	in      chan Reading
	done    chan struct{}
	billing Billing
	logf    LogFunc

	passes, charged, reviewed, failed, revenue atomic.Int64
}

func newLane(cfg LaneConfig, billing Billing, logf LogFunc) *lane {
	backlog := cfg.Backlog
	if backlog <= 0 {
		backlog = 64
	}
	return &lane{
		cfg:     cfg,
		in:      make(chan Reading, backlog),
		done:    make(chan struct{}),
		billing: billing,
		logf:    logf,
	}
}

func (l *lane) run(ctx context.Context) {
	defer close(l.done)
	for r := range l.in {
		l.process(ctx, r)
	}
}

func (l *lane) process(ctx context.Context, r Reading) {
	l.passes.Add(1)
	weight := r.WeightKg + l.cfg.WeightOffsetKg
	if r.Axles < 2 || weight <= 0 {
		l.review(ctx, r, fmt.Sprintf("sensor fault: %d axles, %.0fkg", r.Axles, weight))
		return
	}
	class := Classify(r.Axles, weight)
	byPlate := r.Transponder == ""
	if byPlate && r.Confidence < l.cfg.MinConfidence {
		l.review(ctx, r, fmt.Sprintf("plate read confidence %.2f", r.Confidence))
		return
	}
	cents, ok := l.cfg.Tariff.Price(class, byPlate)
	if !ok {
		l.review(ctx, r, fmt.Sprintf("tariff %s has no price for %s", l.cfg.Tariff.Name, class))
		return
	}
	err := l.billing.Charge(ctx, Charge{
		Lane:        l.cfg.ID,
		At:          r.At,
		Class:       class,
		Cents:       cents,
		Transponder: r.Transponder,
		Plate:       r.Plate,
		Tariff:      l.cfg.Tariff.Name,
	})
	if err != nil {
		l.failed.Add(1)
		l.logf("lane %s: charge %s at %s: %v", l.cfg.ID, class, r.At.Format("15:04:05"), err)
		return
	}
	l.charged.Add(1)
	l.revenue.Add(cents)
}

func (l *lane) review(ctx context.Context, r Reading, reason string) {
	if err := l.billing.Review(ctx, r, reason); err != nil {
		l.failed.Add(1)
		l.logf("lane %s: send to review (%s): %v", l.cfg.ID, reason, err)
		return
	}
	l.reviewed.Add(1)
}

func (l *lane) stats() LaneStats {
	return LaneStats{
		Passes:   l.passes.Load(),
		Charged:  l.charged.Load(),
		Reviewed: l.reviewed.Load(),
		Failed:   l.failed.Load(),
		Revenue:  l.revenue.Load(),
	}
}
