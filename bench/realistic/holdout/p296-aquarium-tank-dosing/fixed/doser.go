package dosing

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"
)

// Probe measures a tank's water parameters (an automated titration unit).
type Probe interface {
	Measure(ctx context.Context, tankID string) (Reading, error)
}

// Pumps runs a peristaltic dosing pump.
type Pumps interface {
	Dose(ctx context.Context, d Dose) error
}

// Logger is the subset of *log.Logger used here.
type Logger interface {
	Printf(format string, args ...interface{})
}

type nopLogger struct{}

func (nopLogger) Printf(string, ...interface{}) {}

// Doser runs dosing cycles.
type Doser struct {
	probe     Probe
	pumps     Pumps
	solutions map[Parameter]Solution
	parallel  int
	timeout   time.Duration
	minML     float64
	log       Logger
}

// Option configures a Doser.
type Option func(*Doser)

// WithParallel sets how many tanks are handled at once (titrators are
// shared, so this is usually small).
func WithParallel(n int) Option { return func(d *Doser) { d.parallel = n } }

// WithCycleTimeout bounds the duration of a whole cycle.
func WithCycleTimeout(t time.Duration) Option { return func(d *Doser) { d.timeout = t } }

// WithMinDose skips pump runs smaller than ml.
func WithMinDose(ml float64) Option { return func(d *Doser) { d.minML = ml } }

// WithLogger sets the logger.
func WithLogger(l Logger) Option { return func(d *Doser) { d.log = l } }

// New returns a Doser using the given solutions.
func New(probe Probe, pumps Pumps, solutions []Solution, opts ...Option) (*Doser, error) {
	if probe == nil || pumps == nil {
		return nil, fmt.Errorf("dosing: probe and pumps are required")
	}
	d := &Doser{
		probe:     probe,
		pumps:     pumps,
		solutions: make(map[Parameter]Solution, len(solutions)),
		parallel:  2,
		timeout:   10 * time.Minute,
		minML:     0.5,
		log:       nopLogger{},
	}
	for _, s := range solutions {
		if _, dup := d.solutions[s.Parameter]; dup {
			return nil, fmt.Errorf("dosing: two solutions for %s", s.Parameter)
		}
		d.solutions[s.Parameter] = s
	}
	for _, o := range opts {
		o(d)
	}
	return d, nil
}

// Report summarises a cycle.
type Report struct {
	Doses   []Dose
	Skipped []string
}

// DosedTanks lists the tanks that received at least one dose.
func (r Report) DosedTanks() []string {
	seen := map[string]bool{}
	var out []string
	for _, d := range r.Doses {
		if !seen[d.TankID] {
			seen[d.TankID] = true
			out = append(out, d.TankID)
		}
	}
	sort.Strings(out)
	return out
}

type cycle struct {
	mu     sync.Mutex
	report Report
}

func (c *cycle) record(d Dose) {
	c.mu.Lock()
	c.report.Doses = append(c.report.Doses, d)
	c.mu.Unlock()
}

func (c *cycle) skip(id string) {
	c.mu.Lock()
	c.report.Skipped = append(c.report.Skipped, id)
	c.mu.Unlock()
}

func (c *cycle) snapshot() Report {
	c.mu.Lock()
	defer c.mu.Unlock()
	return Report{
		Doses:   append([]Dose(nil), c.report.Doses...),
		Skipped: append([]string(nil), c.report.Skipped...),
	}
}

// RunCycle measures and doses every tank. Tanks in maintenance are skipped.
// The report lists what was dosed even when the cycle fails.
func (d *Doser) RunCycle(ctx context.Context, tanks []Tank) (Report, error) {
	ctx, cancel := context.WithTimeout(ctx, d.timeout)
	defer cancel()

	cy := &cycle{}
	g := newGroup(d.parallel)
	for _, t := range tanks {
		if t.Maintenance {
			d.log.Printf("tank %s: in maintenance, skipped", t.ID)
			cy.skip(t.ID)
			continue
		}
		t := t
		g.Go(ctx, t.ID, func(ctx context.Context) error {
			return d.doseTank(ctx, t, cy)
		})
	}
	err := g.Wait(ctx)
	rep := cy.snapshot()
	d.log.Printf("cycle done: %d doses, %d tanks skipped, err=%v", len(rep.Doses), len(rep.Skipped), err)
	return rep, err
}

func (d *Doser) doseTank(ctx context.Context, t Tank, cy *cycle) error {
	r, err := d.probe.Measure(ctx, t.ID)
	if err != nil {
		return fmt.Errorf("measure: %w", err)
	}
	doses, err := plan(t, r, d.solutions, d.minML)
	if err != nil {
		return err
	}
	for _, ds := range doses {
		if err := d.pumps.Dose(ctx, ds); err != nil {
			return fmt.Errorf("pump %s: %w", ds.Pump, err)
		}
		d.log.Printf("tank %s: dosed %.1f ml on %s (%s)", t.ID, ds.ML, ds.Pump, ds.Parameter)
		cy.record(ds)
	}
	return nil
}
