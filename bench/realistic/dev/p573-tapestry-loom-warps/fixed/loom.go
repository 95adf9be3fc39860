// Package loom prepares a high-warp tapestry loom for a weaving run: it
// checks that every warp thread sits within tension tolerance and turns a
// cartoon into an ordered list of weft passes.
package loom

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"math"
	"sort"
	"time"
)

// Fiber is the material a warp thread is spun from.
type Fiber string

// Common warp fibers.
const (
	Cotton Fiber = "cotton"
	Linen  Fiber = "linen"
	Wool   Fiber = "wool"
)

// Warp is one vertical thread strung on the loom.
type Warp struct {
	Index  int
	Fiber  Fiber
	Target float64 // expected tension in centinewtons
}

// TensionSensor reads the present tension of a single warp thread.
type TensionSensor interface {
	Tension(ctx context.Context, warp int) (float64, error)
}

// Config controls how a Weaver inspects the loom.
type Config struct {
	Tolerance   float64       // allowed relative deviation from target
	ReadTimeout time.Duration // per-warp sensor timeout
	Logger      *log.Logger
}

// Option adjusts a Config.
type Option func(*Config)

// WithTolerance sets the allowed relative tension deviation (0.1 = 10%).
func WithTolerance(t float64) Option { return func(c *Config) { c.Tolerance = t } }

// WithReadTimeout bounds each individual sensor read.
func WithReadTimeout(d time.Duration) Option { return func(c *Config) { c.ReadTimeout = d } }

// WithLogger routes diagnostic output to l.
func WithLogger(l *log.Logger) Option { return func(c *Config) { c.Logger = l } }

// ErrNoWarps is returned when a Weaver is built for an empty loom.
var ErrNoWarps = errors.New("loom: no warps strung")

// TensionError reports a warp whose tension is outside tolerance.
type TensionError struct {
	Warp     int
	Fiber    Fiber
	Measured float64
	Target   float64
}

func (e *TensionError) Error() string {
	state := "tight"
	if e.Slack() {
		state = "slack"
	}
	return fmt.Sprintf("loom: warp %d (%s) is %s: %.1f cN, want %.1f cN",
		e.Warp, e.Fiber, state, e.Measured, e.Target)
}

// Slack reports whether the warp is under its target tension.
func (e *TensionError) Slack() bool { return e.Measured < e.Target }

// TensionReport summarises a successful tension check.
type TensionReport struct {
	Measured map[int]float64
	Mean     float64
	StdDev   float64
	Worst    int // warp index with the largest relative deviation
}

// Weaver drives the preparation of one loom.
type Weaver struct {
	cfg    Config
	sensor TensionSensor
	warps  []Warp
	log    *log.Logger
}

// NewWeaver validates the warp set and returns a Weaver reading from sensor.
func NewWeaver(sensor TensionSensor, warps []Warp, opts ...Option) (*Weaver, error) {
	if sensor == nil {
		return nil, errors.New("loom: nil tension sensor")
	}
	if len(warps) == 0 {
		return nil, ErrNoWarps
	}
	cfg := Config{Tolerance: 0.08, ReadTimeout: 250 * time.Millisecond}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.Tolerance <= 0 || cfg.Tolerance >= 1 {
		return nil, fmt.Errorf("loom: tolerance %.3f out of range", cfg.Tolerance)
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}
	sorted := append([]Warp(nil), warps...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Index < sorted[j].Index })
	for i, w := range sorted {
		if w.Target <= 0 {
			return nil, fmt.Errorf("loom: warp %d has no target tension", w.Index)
		}
		if i > 0 && sorted[i-1].Index == w.Index {
			return nil, fmt.Errorf("loom: warp %d strung twice", w.Index)
		}
	}
	return &Weaver{cfg: cfg, sensor: sensor, warps: sorted, log: cfg.Logger}, nil
}

// Width is the number of warps on the loom.
func (w *Weaver) Width() int { return len(w.warps) }

// CheckWarps reads every warp and fails on the first one outside tolerance.
func (w *Weaver) CheckWarps(ctx context.Context) (TensionReport, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	report := TensionReport{Measured: make(map[int]float64, len(w.warps)), Worst: -1}
	var sum, sumSq, worstDev float64
	for rd := range scanTension(ctx, w.sensor, w.warps, w.cfg.ReadTimeout) {
		if rd.err != nil {
			return report, fmt.Errorf("loom: read warp %d: %w", rd.warp.Index, rd.err)
		}
		dev := (rd.cN - rd.warp.Target) / rd.warp.Target
		if math.Abs(dev) > w.cfg.Tolerance {
			w.log.Printf("warp %d out of tolerance (%+.1f%%)", rd.warp.Index, dev*100)
			return report, &TensionError{
				Warp:     rd.warp.Index,
				Fiber:    rd.warp.Fiber,
				Measured: rd.cN,
				Target:   rd.warp.Target,
			}
		}
		report.Measured[rd.warp.Index] = rd.cN
		sum += rd.cN
		sumSq += rd.cN * rd.cN
		if math.Abs(dev) >= worstDev {
			worstDev, report.Worst = math.Abs(dev), rd.warp.Index
		}
	}
	if err := ctx.Err(); err != nil {
		return report, err
	}
	n := float64(len(report.Measured))
	report.Mean = sum / n
	report.StdDev = math.Sqrt(math.Max(sumSq/n-report.Mean*report.Mean, 0))
	return report, nil
}

// Prepare checks the warps and, if they are sound, plans the cartoon.
func (w *Weaver) Prepare(ctx context.Context, c Cartoon) (*RunPlan, error) {
	if c.Width() != w.Width() {
		return nil, fmt.Errorf("loom: cartoon is %d warps wide, loom has %d", c.Width(), w.Width())
	}
	report, err := w.CheckWarps(ctx)
	if err != nil {
		return nil, err
	}
	w.log.Printf("tension ok: mean %.1f cN, sd %.2f, worst warp %d", report.Mean, report.StdDev, report.Worst)
	plan, err := PlanPasses(c)
	if err != nil {
		return nil, err
	}
	plan.Tension = report
	return plan, nil
}
