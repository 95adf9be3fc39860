package glaze

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"math"
	"sync"
	"time"
)

var (
	ErrBusy        = errors.New("mixer is busy with another batch")
	ErrUnderweight = errors.New("step ended underweight")
)

// Pump meters dry material from a hopper into the bucket. Dispense calls
// flow for every increment its auger delivers and returns once grams have
// been delivered, the hopper runs dry or the auger jams.
type Pump interface {
	Dispense(ctx context.Context, material string, grams float64, flow func(grams float64)) error
}

// Stirrer runs the paddle once all dry materials are in.
type Stirrer interface {
	Stir(ctx context.Context, d time.Duration) error
}

// Option configures a Mixer.
type Option func(*Mixer)

// WithTolerance sets how many grams under target a step may end.
func WithTolerance(g float64) Option { return func(m *Mixer) { m.tolerance = g } }

// WithSettleTime sets how long to wait for the load cell after the pump
// reports it is done.
func WithSettleTime(d time.Duration) Option { return func(m *Mixer) { m.settle = d } }

// WithStepTimeout bounds a single dispensing step.
func WithStepTimeout(d time.Duration) Option { return func(m *Mixer) { m.stepTimeout = d } }

// WithStirrer sets the paddle used after dispensing.
func WithStirrer(s Stirrer, d time.Duration) Option {
	return func(m *Mixer) { m.stirrer, m.stirFor = s, d }
}

// WithLogger sets the logger.
func WithLogger(l *log.Logger) Option { return func(m *Mixer) { m.log = l } }

// Mixer weighs out glaze batches on a single bucket scale.
type Mixer struct {
	pump        Pump
	stirrer     Stirrer
	stirFor     time.Duration
	tolerance   float64
	settle      time.Duration
	stepTimeout time.Duration
	log         *log.Logger

	scale *scale

	mu   sync.Mutex
	busy bool
}

// New returns a Mixer dispensing through pump.
func New(pump Pump, opts ...Option) (*Mixer, error) {
	if pump == nil {
		return nil, errors.New("glaze: nil pump")
	}
	m := &Mixer{
		pump:        pump,
		tolerance:   0.5,
		settle:      2 * time.Second,
		stepTimeout: 2 * time.Minute,
		log:         log.New(io.Discard, "", 0),
		scale:       newScale(),
	}
	for _, o := range opts {
		o(m)
	}
	if m.tolerance < 0 {
		return nil, fmt.Errorf("glaze: negative tolerance %.2f", m.tolerance)
	}
	return m, nil
}

// StepResult records what was actually weighed for one step.
type StepResult struct {
	Step
	Actual float64
	Err    error
}

// BatchReport is kept with the bucket label for traceability.
type BatchReport struct {
	Recipe   string
	Grams    float64
	Steps    []StepResult
	Started  time.Time
	Finished time.Time
}

// Deviation returns the largest absolute deviation from target in grams.
func (b *BatchReport) Deviation() float64 {
	worst := 0.0
	for _, s := range b.Steps {
		worst = math.Max(worst, math.Abs(s.Actual-s.Grams))
	}
	return worst
}

// MixBatch weighs out every material of the recipe for a dry batch of
// batchGrams and stirs it. The report is returned even on failure so the
// operator knows what is already in the bucket.
func (m *Mixer) MixBatch(ctx context.Context, r Recipe, batchGrams float64) (*BatchReport, error) {
	steps, err := r.Plan(batchGrams)
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	if m.busy {
		m.mu.Unlock()
		return nil, ErrBusy
	}
	m.busy = true
	m.mu.Unlock()
	defer func() {
		m.mu.Lock()
		m.busy = false
		m.mu.Unlock()
	}()

	rep := &BatchReport{Recipe: r.Name, Grams: batchGrams, Started: time.Now()}
	m.log.Printf("glaze: batch %q %.0f g, %d steps", r.Name, batchGrams, len(steps))
	for i, st := range steps {
		got, err := m.dispense(ctx, st)
		rep.Steps = append(rep.Steps, StepResult{Step: st, Actual: got, Err: err})
		if err != nil {
			rep.Finished = time.Now()
			return rep, fmt.Errorf("batch %q step %d/%d %s: %w", r.Name, i+1, len(steps), st.Material, err)
		}
		m.log.Printf("glaze: %-20s %7.1f g (target %.1f)", st.Material, got, st.Grams)
	}
	if m.stirrer != nil {
		if err := m.stirrer.Stir(ctx, m.stirFor); err != nil {
			rep.Finished = time.Now()
			return rep, fmt.Errorf("batch %q: stir: %w", r.Name, err)
		}
	}
	rep.Finished = time.Now()
	return rep, nil
}

// dispense runs one step: the pump delivers while the scale decides when
// the target has been reached.
func (m *Mixer) dispense(ctx context.Context, st Step) (float64, error) {
	sctx, cancel := context.WithTimeout(ctx, m.stepTimeout)
	defer cancel()

	m.scale.zero()
	reached := m.scale.reach(st.Grams, m.tolerance)
	pumped := make(chan error, 1)
	go func() {
		pumped <- m.pump.Dispense(sctx, st.Material, st.Grams, m.scale.add)
	}()

	select {
	case err := <-reached:
		if err != nil {
			return m.scale.net(), err
		}
		if perr := <-pumped; perr != nil {
			m.log.Printf("glaze: %s: pump reported %v after target weight", st.Material, perr)
		}
		return m.scale.net(), nil

	case err := <-pumped:
		if err != nil {
			m.scale.fail(err)
			return m.scale.net(), fmt.Errorf("pump: %w", err)
		}
		settle := time.NewTimer(m.settle)
		defer settle.Stop()
		select {
		case err := <-reached:
			return m.scale.net(), err
		case <-settle.C:
			m.scale.fail(ErrUnderweight)
			net := m.scale.net()
			return net, fmt.Errorf("%w: %.1f g of %.1f g", ErrUnderweight, net, st.Grams)
		}

	case <-sctx.Done():
		m.scale.fail(sctx.Err())
		<-pumped
		return m.scale.net(), sctx.Err()
	}
}
