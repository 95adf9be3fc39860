package polish

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// Report summarises a figuring session.
type Report struct {
	Mirror      string
	Iterations  int
	FinalRMSnm  float64
	PlannedSeq  int
	Archived    int
	Calibration string
}

// Session runs the polish–test loop on one mirror.
type Session struct {
	cfg   Config
	hub   *Hub
	meter Interferometer
	mach  Machine
	arch  Archive
	log   Logger

	mu       sync.Mutex
	cal      Calibration
	plan     DwellPlan
	seq      int
	lastRMS  float64
	archived int
}

// Option customises a Session.
type Option func(*Session)

// WithConfig replaces the default configuration.
func WithConfig(cfg Config) Option { return func(s *Session) { s.cfg = cfg } }

// WithArchive stores every measurement in a.
func WithArchive(a Archive) Option { return func(s *Session) { s.arch = a } }

// WithLogger sets the logger.
func WithLogger(l Logger) Option { return func(s *Session) { s.log = l } }

// NewSession prepares a session and subscribes its planner and archive to
// the session's measurement hub.
func NewSession(meter Interferometer, mach Machine, cal Calibration, opts ...Option) (*Session, error) {
	s := &Session{cfg: DefaultConfig(), meter: meter, mach: mach, log: log.New(io.Discard, "", 0)}
	for _, o := range opts {
		o(s)
	}
	if err := s.checkCalibration(cal); err != nil {
		return nil, err
	}
	s.cal = cal
	s.hub = NewHub(s.cfg.Buffer, s.log)
	if err := s.hub.Subscribe("planner", s.planner(cal)); err != nil {
		return nil, err
	}
	if s.arch != nil {
		if err := s.hub.Subscribe("archive", s.store); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// Iterate polishes with the latest dwell plan, if there is one, then tests
// the mirror and publishes the measurement.
func (s *Session) Iterate(ctx context.Context) (Measurement, error) {
	s.mu.Lock()
	plan := s.plan
	s.mu.Unlock()
	if len(plan.Dwell) > 0 {
		if err := s.mach.Polish(ctx, plan); err != nil {
			return Measurement{}, fmt.Errorf("polish: run plan %d: %w", plan.Seq, err)
		}
	}
	m, err := s.meter.Measure(ctx, s.cfg.Mirror)
	if err != nil {
		return Measurement{}, fmt.Errorf("polish: measure %s: %w", s.cfg.Mirror, err)
	}
	s.mu.Lock()
	s.seq++
	m.Seq = s.seq
	m.Mirror = s.cfg.Mirror
	s.lastRMS = m.RMSnm
	s.mu.Unlock()
	if err := s.hub.Publish(m); err != nil {
		return m, err
	}
	return m, nil
}

// Recalibrate switches to a new null-corrector calibration, for instance
// after the test tower has been realigned. Later plans use the new reference.
func (s *Session) Recalibrate(cal Calibration) error {
	if err := s.checkCalibration(cal); err != nil {
		return err
	}
	s.mu.Lock()
	s.cal = cal
	s.mu.Unlock()
	s.log.Printf("polish: %s recalibrated with %s", s.cfg.Mirror, cal.Name)
	return s.hub.Subscribe("planner", s.planner(cal))
}

// Finish drains the hub and reports on the session. ErrNotConverged is
// returned with the report when the figure is still above target.
func (s *Session) Finish(ctx context.Context) (Report, error) {
	if err := s.hub.Close(ctx); err != nil {
		return Report{}, fmt.Errorf("polish: drain measurements: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r := Report{
		Mirror:      s.cfg.Mirror,
		Iterations:  s.seq,
		FinalRMSnm:  s.lastRMS,
		PlannedSeq:  s.plan.Seq,
		Archived:    s.archived,
		Calibration: s.cal.Name,
	}
	if r.FinalRMSnm > s.cfg.TargetRMSnm {
		return r, ErrNotConverged
	}
	return r, nil
}

func (s *Session) checkCalibration(cal Calibration) error {
	if len(cal.ReferenceNm) != s.cfg.Zones {
		return fmt.Errorf("%w: %d zones, want %d", ErrZoneMismatch, len(cal.ReferenceNm), s.cfg.Zones)
	}
	if cal.ScaleFactor <= 0 {
		return errors.New("polish: calibration scale factor must be positive")
	}
	return nil
}

// planner turns a measurement into a dwell plan. Polishing only removes
// glass, so every zone is brought down to the lowest one.
func (s *Session) planner(cal Calibration) func(Measurement) {
	return func(m Measurement) {
		if len(m.ZonesNm) != len(cal.ReferenceNm) {
			s.log.Printf("polish: measurement %d: %v", m.Seq, ErrZoneMismatch)
			return
		}
		heights := make([]float64, len(m.ZonesNm))
		low := 0.0
		for i, z := range m.ZonesNm {
			heights[i] = (z - cal.ReferenceNm[i]) * cal.ScaleFactor
			if i == 0 || heights[i] < low {
				low = heights[i]
			}
		}
		dwell := make([]time.Duration, len(heights))
		for i, h := range heights {
			d := time.Duration((h - low) / s.cfg.NmPerMinute * float64(time.Minute))
			if d > s.cfg.MaxDwell {
				d = s.cfg.MaxDwell
			}
			dwell[i] = d.Round(time.Second)
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		if m.Seq > s.plan.Seq {
			s.plan = DwellPlan{Seq: m.Seq, Dwell: dwell}
		}
	}
}

func (s *Session) store(m Measurement) {
	if err := s.arch.Store(m); err != nil {
		s.log.Printf("polish: archive measurement %d: %v", m.Seq, err)
		return
	}
	s.mu.Lock()
	s.archived++
	s.mu.Unlock()
}
