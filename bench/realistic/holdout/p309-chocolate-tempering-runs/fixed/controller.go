package tempering

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"math"
	"strings"
	"sync"
	"time"
)

// Heater drives the bowl's heating element and cooling jacket. Positive power
// heats, negative power cools; the range is -100 to 100 percent.
type Heater interface {
	SetPower(ctx context.Context, percent float64) error
}

// Probe is a thermocouple immersed in the chocolate.
type Probe interface {
	ID() string
	ReadCelsius(ctx context.Context) (float64, error)
}

// ErrBusy is returned when a run is started while another is in progress.
var ErrBusy = errors.New("tempering: controller busy")

// Option configures a Controller.
type Option func(*Controller)

// WithLogger sets the logger used for run progress.
func WithLogger(l *log.Logger) Option { return func(c *Controller) { c.logger = l } }

// WithPollInterval sets how often the probes are sampled during a phase.
func WithPollInterval(d time.Duration) Option { return func(c *Controller) { c.poll = d } }

// WithProbeTimeout bounds a single sampling round.
func WithProbeTimeout(d time.Duration) Option { return func(c *Controller) { c.probeTimeout = d } }

// WithPhaseTimeout bounds how long a phase may take to reach its target.
func WithPhaseTimeout(d time.Duration) Option { return func(c *Controller) { c.phaseTimeout = d } }

// WithMaxSpread sets the largest tolerated difference between probes.
func WithMaxSpread(celsius float64) Option { return func(c *Controller) { c.maxSpread = celsius } }

// WithGain sets the proportional gain, in percent power per degree of error.
func WithGain(g float64) Option { return func(c *Controller) { c.gain = g } }

// WithSettleSamples sets how many consecutive in-tolerance samples end a phase.
func WithSettleSamples(n int) Option { return func(c *Controller) { c.settle = n } }

// Controller runs tempering curves on a single machine.
type Controller struct {
	heater       Heater
	probes       []Probe
	logger       *log.Logger
	poll         time.Duration
	probeTimeout time.Duration
	phaseTimeout time.Duration
	maxSpread    float64
	gain         float64
	settle       int
	now          func() time.Time

	mu      sync.Mutex
	running bool
}

// NewController builds a controller for a heater and its probes.
func NewController(h Heater, probes []Probe, opts ...Option) (*Controller, error) {
	if h == nil {
		return nil, errors.New("tempering: nil heater")
	}
	if len(probes) == 0 {
		return nil, errors.New("tempering: at least one probe is required")
	}
	c := &Controller{
		heater:       h,
		probes:       append([]Probe(nil), probes...),
		logger:       log.New(io.Discard, "", 0),
		poll:         500 * time.Millisecond,
		probeTimeout: 2 * time.Second,
		phaseTimeout: 20 * time.Minute,
		maxSpread:    1.5,
		gain:         12,
		settle:       3,
		now:          time.Now,
	}
	for _, opt := range opts {
		opt(c)
	}
	if c.poll <= 0 || c.probeTimeout <= 0 || c.phaseTimeout <= 0 {
		return nil, errors.New("tempering: intervals must be positive")
	}
	if c.settle < 1 {
		c.settle = 1
	}
	return c, nil
}

// PhaseRecord describes how one phase of a run went.
type PhaseRecord struct {
	Phase    Phase
	Target   float64
	Reached  float64
	Samples  int
	Duration time.Duration
}

// RunReport is the result of a tempering run.
type RunReport struct {
	BatchID  string
	Curve    Curve
	Phases   []PhaseRecord
	Started  time.Time
	Finished time.Time
}

// Summary renders the report as one line per phase.
func (r *RunReport) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "batch %s (%s)\n", r.BatchID, r.Finished.Sub(r.Started).Round(time.Millisecond))
	for _, p := range r.Phases {
		fmt.Fprintf(&b, "  %-6s target %.1f°C reached %.2f°C in %d samples\n", p.Phase, p.Target, p.Reached, p.Samples)
	}
	return b.String()
}

// Run takes a batch through melt, cool and rewarm. The heater is switched off
// when the run ends, whatever the outcome.
func (c *Controller) Run(ctx context.Context, b Batch) (*RunReport, error) {
	curve, err := b.curve()
	if err != nil {
		return nil, err
	}

	c.mu.Lock()
	if c.running {
		c.mu.Unlock()
		return nil, ErrBusy
	}
	c.running = true
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		c.running = false
		c.mu.Unlock()
	}()
	defer c.heaterOff()

	report := &RunReport{BatchID: b.ID, Curve: curve, Started: c.now()}
	c.logger.Printf("batch %s: tempering %.1fkg of %s", b.ID, b.MassKg, b.Chocolate)
	for _, phase := range []Phase{PhaseMelt, PhaseCool, PhaseRewarm} {
		rec, err := c.drive(ctx, phase, curve.target(phase), curve.Tolerance)
		report.Phases = append(report.Phases, rec)
		if err != nil {
			c.logger.Printf("batch %s: %s aborted: %v", b.ID, phase, err)
			return report, fmt.Errorf("batch %s: %s: %w", b.ID, phase, err)
		}
		c.logger.Printf("batch %s: %s reached %.2f°C", b.ID, phase, rec.Reached)
	}
	report.Finished = c.now()
	return report, nil
}

func (c *Controller) drive(ctx context.Context, phase Phase, target, tol float64) (PhaseRecord, error) {
	rec := PhaseRecord{Phase: phase, Target: target}
	start := c.now()
	defer func() { rec.Duration = c.now().Sub(start) }()

	ctx, cancel := context.WithTimeout(ctx, c.phaseTimeout)
	defer cancel()
	ticker := time.NewTicker(c.poll)
	defer ticker.Stop()

	stable := 0
	for {
		snap, err := c.sample(ctx)
		if err != nil {
			return rec, err
		}
		rec.Samples++
		rec.Reached = snap.Mean

		if math.Abs(snap.Mean-target) <= tol {
			stable++
			if stable >= c.settle {
				return rec, nil
			}
		} else {
			stable = 0
		}

		if err := c.heater.SetPower(ctx, c.powerFor(snap.Mean, target)); err != nil {
			return rec, fmt.Errorf("set heater power: %w", err)
		}

		select {
		case <-ctx.Done():
			return rec, ctx.Err()
		case <-ticker.C:
		}
	}
}

func (c *Controller) powerFor(current, target float64) float64 {
	p := c.gain * (target - current)
	return math.Max(-100, math.Min(100, p))
}

func (c *Controller) heaterOff() {
	ctx, cancel := context.WithTimeout(context.Background(), c.probeTimeout)
	defer cancel()
	if err := c.heater.SetPower(ctx, 0); err != nil {
		c.logger.Printf("switching heater off: %v", err)
	}
}
