package kiln

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// ProbeReader reads the moisture content, in percent of oven-dry weight, of
// one sample board.
type ProbeReader interface {
	ID() string
	ReadMC(ctx context.Context) (float64, error)
}

// Actuator drives the kiln's heating coils, steam spray and vents.
type Actuator interface {
	SetConditions(ctx context.Context, dryBulbC, wetBulbC float64) error
	Hold(ctx context.Context, reason string) error
}

// CycleResult records what one control cycle decided.
type CycleResult struct {
	At        time.Time
	AverageMC float64
	Probes    int
	Step      string
	Advanced  bool
}

// Controller runs the drying schedule of one kiln charge.
type Controller struct {
	cfg    Config
	act    Actuator
	probes []ProbeReader
	log    Logger
	now    func() time.Time

	mu      sync.Mutex
	step    int
	history []CycleResult
	holding bool
}

// New builds a controller for a charge instrumented with the given probes.
func New(act Actuator, probes []ProbeReader, opts ...Option) (*Controller, error) {
	if len(probes) == 0 {
		return nil, ErrNoProbes
	}
	c := &Controller{
		cfg:    DefaultConfig(),
		act:    act,
		probes: probes,
		log:    defaultLogger(),
		now:    time.Now,
	}
	for _, o := range opts {
		o(c)
	}
	if err := c.cfg.Schedule.Validate(); err != nil {
		return nil, err
	}
	if c.cfg.ProbeTimeout <= 0 {
		return nil, fmt.Errorf("kiln: probe timeout must be positive")
	}
	return c, nil
}

// RunCycle samples the charge, picks the schedule step and applies it. When
// the charge cannot be measured reliably the kiln is put on hold at its
// current conditions and the measurement error is returned.
func (c *Controller) RunCycle(ctx context.Context) (CycleResult, error) {
	readings, err := c.collect(ctx)
	if err != nil {
		c.hold(ctx, err)
		return CycleResult{}, err
	}
	avg := trimmedMean(readings, c.cfg.OutlierSpread)

	c.mu.Lock()
	prev := c.step
	next := c.cfg.Schedule.StepFor(avg)
	if next < prev {
		next = prev
	}
	st := c.cfg.Schedule[next]
	c.mu.Unlock()

	if err := c.act.SetConditions(ctx, st.DryBulbC, st.WetBulbC); err != nil {
		return CycleResult{}, fmt.Errorf("kiln: apply step %s: %w", st.Name, err)
	}

	res := CycleResult{
		At:        c.now(),
		AverageMC: avg,
		Probes:    len(readings),
		Step:      st.Name,
		Advanced:  next != prev,
	}
	c.mu.Lock()
	c.step = next
	c.holding = false
	c.history = append(c.history, res)
	c.mu.Unlock()

	if res.Advanced {
		c.log.Printf("kiln: MC %.1f%%, advancing to %s (%.1f/%.1f C)", avg, st.Name, st.DryBulbC, st.WetBulbC)
	}
	return res, nil
}

// Run executes a cycle every interval until ctx is done. Measurement errors
// hold the kiln but do not stop the loop.
func (c *Controller) Run(ctx context.Context, interval time.Duration) error {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := c.RunCycle(ctx); err != nil && ctx.Err() == nil {
			c.log.Printf("kiln: cycle failed: %v", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

// History returns a copy of the completed cycles.
func (c *Controller) History() []CycleResult {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]CycleResult(nil), c.history...)
}

// Holding reports whether the kiln is currently held after a failed cycle.
func (c *Controller) Holding() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.holding
}

func (c *Controller) hold(ctx context.Context, cause error) {
	c.mu.Lock()
	already := c.holding
	c.holding = true
	c.mu.Unlock()
	if already {
		return
	}
	reason := "probe fault"
	if errors.Is(cause, ErrTooFewProbes) {
		reason = "insufficient probes"
	}
	if err := c.act.Hold(ctx, reason); err != nil {
		c.log.Printf("kiln: hold failed: %v", err)
		return
	}
	c.log.Printf("kiln: holding conditions: %v", cause)
}
