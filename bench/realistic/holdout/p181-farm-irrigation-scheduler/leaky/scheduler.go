package irrigation

import (
	"context"
	"fmt"
	"time"
)

// Valves controls the solenoid valves in the field.
type Valves interface {
	Open(ctx context.Context, valveID string) error
	Close(ctx context.Context, valveID string) error
}

// Clock abstracts time so cycles can be simulated.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time                         { return time.Now() }
func (systemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Option configures a Scheduler.
type Option func(*Scheduler)

// WithClock replaces the wall clock.
func WithClock(c Clock) Option { return func(s *Scheduler) { s.clock = c } }

// WithMaxOpenValves sets how many zones may be watered concurrently.
func WithMaxOpenValves(n int) Option { return func(s *Scheduler) { s.maxOpen = n } }

// WithMaxReadingAge sets how old a moisture reading may be before planning
// refuses to use it.
func WithMaxReadingAge(d time.Duration) Option { return func(s *Scheduler) { s.maxReadingAge = d } }

// WithMinRun sets the shortest watering cycle worth opening a valve for.
func WithMinRun(d time.Duration) Option { return func(s *Scheduler) { s.minRun = d } }

// WithOpenRetry sets how many times opening a valve is attempted and the
// pause between attempts. Radio-linked valves routinely miss a command.
func WithOpenRetry(attempts int, backoff time.Duration) Option {
	return func(s *Scheduler) {
		s.openAttempts = attempts
		s.openBackoff = backoff
	}
}

// Scheduler plans and executes irrigation cycles.
type Scheduler struct {
	sensors SensorStore
	valves  Valves
	clock   Clock
	gate    *pressureGate

	maxOpen       int
	maxReadingAge time.Duration
	minRun        time.Duration
	deadband      float64
	openAttempts  int
	openBackoff   time.Duration
	closeTimeout  time.Duration
}

// New returns a Scheduler reading from sensors and driving valves.
func New(sensors SensorStore, valves Valves, opts ...Option) *Scheduler {
	s := &Scheduler{
		sensors:       sensors,
		valves:        valves,
		clock:         systemClock{},
		maxOpen:       2,
		maxReadingAge: 2 * time.Hour,
		minRun:        2 * time.Minute,
		deadband:      1.5,
		openAttempts:  3,
		openBackoff:   5 * time.Second,
		closeTimeout:  30 * time.Second,
	}
	for _, o := range opts {
		o(s)
	}
	s.gate = newPressureGate(s.maxOpen)
	return s
}

// OpenValves reports how many valves the scheduler currently holds open.
func (s *Scheduler) OpenValves() int { return s.gate.InUse() }

// Report summarises an executed plan.
type Report struct {
	Completed []string
	Watered   time.Duration
}

type zoneResult struct {
	zoneID string
	ran    time.Duration
	err    error
}

// Execute waters every zone in the plan, at most maxOpen at a time. It stops
// at the first zone that fails and returns its error; zones still running are
// told to shut their valves.
func (s *Scheduler) Execute(ctx context.Context, plan Plan) (Report, error) {
	var rep Report
	if len(plan.Zones) == 0 {
		return rep, nil
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	results := make(chan zoneResult, len(plan.Zones))
	for _, z := range plan.Zones {
		go func(z ZonePlan) {
			ran, err := s.water(ctx, z)
			results <- zoneResult{zoneID: z.ZoneID, ran: ran, err: err}
		}(z)
	}

	for range plan.Zones {
		select {
		case r := <-results:
			if r.err != nil {
				return rep, fmt.Errorf("irrigation: zone %s: %w", r.zoneID, r.err)
			}
			rep.Completed = append(rep.Completed, r.zoneID)
			rep.Watered += r.ran
		case <-ctx.Done():
			return rep, ctx.Err()
		}
	}
	return rep, nil
}

// water runs one zone's cycle: wait for line capacity, open the valve, let it
// run for the planned duration (or until cancelled) and close it again.
func (s *Scheduler) water(ctx context.Context, z ZonePlan) (time.Duration, error) {
	s.gate.Acquire()
	if err := s.openWithRetry(ctx, z.ValveID); err != nil {
		return 0, err
	}

	start := s.clock.Now()
	select {
	case <-s.clock.After(z.Duration):
	case <-ctx.Done():
	}
	ran := s.clock.Now().Sub(start)

	// The valve must be shut even if the cycle was cancelled.
	closeCtx, cancel := context.WithTimeout(context.Background(), s.closeTimeout)
	err := s.valves.Close(closeCtx, z.ValveID)
	cancel()
	s.gate.Release()
	if err != nil {
		return ran, fmt.Errorf("close valve %s: %w", z.ValveID, err)
	}
	return ran, ctx.Err()
}

func (s *Scheduler) openWithRetry(ctx context.Context, valveID string) error {
	var err error
	for attempt := 1; attempt <= s.openAttempts; attempt++ {
		if err = s.valves.Open(ctx, valveID); err == nil {
			return nil
		}
		if attempt == s.openAttempts {
			break
		}
		select {
		case <-s.clock.After(s.openBackoff):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return fmt.Errorf("open valve %s after %d attempts: %w", valveID, s.openAttempts, err)
}
