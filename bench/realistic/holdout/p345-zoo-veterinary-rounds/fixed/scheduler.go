package rounds

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sort"
	"time"
)

// Option configures a Scheduler.
type Option func(*config)

type config struct {
	workers      int
	examInterval time.Duration
	examTimeout  time.Duration
	retries      int
	retryDelay   time.Duration
	logger       *log.Logger
	now          func() time.Time
}

// WithWorkers sets how many examinations may run at once.
func WithWorkers(n int) Option {
	return func(c *config) {
		if n > 0 {
			c.workers = n
		}
	}
}

// WithExamInterval sets how long after its last exam an animal is due again.
func WithExamInterval(d time.Duration) Option {
	return func(c *config) { c.examInterval = d }
}

// WithExamTimeout bounds a single examination.
func WithExamTimeout(d time.Duration) Option {
	return func(c *config) { c.examTimeout = d }
}

// WithRetries sets how often a transient examination failure is retried.
func WithRetries(n int, delay time.Duration) Option {
	return func(c *config) {
		c.retries = n
		c.retryDelay = delay
	}
}

// WithLogger sets the logger used for operational messages.
func WithLogger(l *log.Logger) Option {
	return func(c *config) { c.logger = l }
}

// WithClock replaces the wall clock, mostly for tests.
func WithClock(now func() time.Time) Option {
	return func(c *config) { c.now = now }
}

// Scheduler runs veterinary rounds through the enclosures of a zoo.
type Scheduler struct {
	cfg      config
	registry Registry
	examiner Examiner
	pager    Pager
}

// New returns a Scheduler using the given outside systems.
func New(reg Registry, ex Examiner, pager Pager, opts ...Option) (*Scheduler, error) {
	if reg == nil || ex == nil || pager == nil {
		return nil, errors.New("rounds: registry, examiner and pager are required")
	}
	cfg := config{
		workers:      2,
		examInterval: 7 * 24 * time.Hour,
		examTimeout:  30 * time.Second,
		retries:      1,
		retryDelay:   2 * time.Second,
		logger:       log.New(io.Discard, "", 0),
		now:          time.Now,
	}
	for _, opt := range opts {
		opt(&cfg)
	}
	return &Scheduler{cfg: cfg, registry: reg, examiner: ex, pager: pager}, nil
}

// RunRound examines every animal in the enclosure that is due. A critical
// finding pages the on-call vet and ends the round with an *EmergencyError.
func (s *Scheduler) RunRound(ctx context.Context, enclosure string) (*Report, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	animals, err := s.registry.AnimalsIn(ctx, enclosure)
	if err != nil {
		return nil, fmt.Errorf("rounds: list animals in %s: %w", enclosure, err)
	}

	report := &Report{
		Enclosure: enclosure,
		Started:   s.cfg.now(),
		Failed:    make(map[string]error),
	}
	due := s.dueAnimals(animals, report)
	if len(due) == 0 {
		report.Finished = s.cfg.now()
		s.cfg.logger.Printf("rounds: nothing due in %s", enclosure)
		return report, nil
	}
	s.cfg.logger.Printf("rounds: %d of %d animals due in %s", len(due), len(animals), enclosure)

	results := s.dispatch(ctx, due)
	for i := 0; i < len(due); i++ {
		var o outcome
		select {
		case o = <-results:
		case <-ctx.Done():
			report.Finished = s.cfg.now()
			return report, ctx.Err()
		}

		if o.err != nil {
			report.Failed[o.animal.ID] = o.err
			s.cfg.logger.Printf("rounds: exam of %s (%s) failed: %v", o.animal.ID, o.animal.Species, o.err)
			continue
		}
		if err := s.registry.RecordExam(ctx, o.finding); err != nil {
			s.cfg.logger.Printf("rounds: could not record exam of %s: %v", o.animal.ID, err)
		}
		report.Findings = append(report.Findings, o.finding)

		switch {
		case o.finding.Severity >= SeverityCritical:
			if err := s.pager.Page(ctx, enclosure, o.finding); err != nil {
				s.cfg.logger.Printf("rounds: paging on-call vet failed: %v", err)
			}
			report.Finished = s.cfg.now()
			return report, &EmergencyError{Enclosure: enclosure, Finding: o.finding}
		case o.finding.Severity == SeverityUrgent:
			if err := s.pager.Page(ctx, enclosure, o.finding); err != nil {
				s.cfg.logger.Printf("rounds: paging on-call vet failed: %v", err)
			}
		}
	}

	sort.SliceStable(report.Findings, func(i, j int) bool {
		return report.Findings[i].Severity > report.Findings[j].Severity
	})
	report.Finished = s.cfg.now()
	return report, nil
}

func (s *Scheduler) dueAnimals(animals []Animal, report *Report) []Animal {
	now := s.cfg.now()
	due := make([]Animal, 0, len(animals))
	for _, a := range animals {
		switch {
		case a.Quarantined:
			report.Skipped = append(report.Skipped, a.ID)
		case !a.LastExam.IsZero() && now.Sub(a.LastExam) < s.cfg.examInterval:
			report.Skipped = append(report.Skipped, a.ID)
		default:
			due = append(due, a)
		}
	}
	sort.SliceStable(due, func(i, j int) bool {
		if due[i].Sedation != due[j].Sedation {
			return due[i].Sedation
		}
		return due[i].LastExam.Before(due[j].LastExam)
	})
	return due
}
