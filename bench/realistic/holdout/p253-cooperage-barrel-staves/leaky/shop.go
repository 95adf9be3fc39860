package cooperage

import (
	"context"
	"fmt"
	"io"
	"log"
	"runtime"
	"sort"
)

// Inspector grades a stave against a spec: checks for shakes, knots and
// sapwood. In the shop this is a person with a light table; in tests a fake.
type Inspector interface {
	Inspect(ctx context.Context, st Stave, spec BarrelSpec) (Grade, error)
}

// Jointer dresses a stave: planes it to thickness, tapers the ends and cuts
// the edge bevel.
type Jointer interface {
	Joint(ctx context.Context, st Stave, bevelDeg, headWidth, bilgeWidth float64) (Stave, error)
}

// Config configures a Shop.
type Config struct {
	Inspector Inspector
	Jointer   Jointer
	Logger    *log.Logger
	Benches   int
}

// Option adjusts a Config.
type Option func(*Config)

// WithBenches sets how many staves are dressed in parallel.
func WithBenches(n int) Option {
	return func(c *Config) { c.Benches = n }
}

// WithLogger sets the shop logger.
func WithLogger(l *log.Logger) Option {
	return func(c *Config) { c.Logger = l }
}

// Shop raises barrels out of a stack of staves.
type Shop struct {
	cfg Config
	log *log.Logger
}

// NewShop builds a Shop.
func NewShop(insp Inspector, j Jointer, opts ...Option) (*Shop, error) {
	if insp == nil || j == nil {
		return nil, fmt.Errorf("cooperage: inspector and jointer are required")
	}
	cfg := Config{Inspector: insp, Jointer: j, Benches: runtime.NumCPU()}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.Benches < 1 {
		cfg.Benches = 1
	}
	lg := cfg.Logger
	if lg == nil {
		lg = log.New(io.Discard, "", 0)
	}
	return &Shop{cfg: cfg, log: lg}, nil
}

type dressed struct {
	stave Stave
	err   error
}

// Raise selects and dresses staves from the stack until the spec's stave
// count is reached, then sets them up in the truss hoop. Staves that fail
// inspection are set aside; the stack is expected to hold some spares.
func (s *Shop) Raise(ctx context.Context, spec BarrelSpec, stack []Stave) (*Barrel, error) {
	if err := spec.Validate(); err != nil {
		return nil, err
	}
	if len(stack) < spec.StaveCount {
		return nil, fmt.Errorf("%w: stack has %d, spec %q needs %d",
			ErrNotEnoughStaves, len(stack), spec.Name, spec.StaveCount)
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	queue := make(chan Stave, len(stack))
	for _, st := range stack {
		queue <- st
	}
	close(queue)

	out := make(chan dressed)
	for b := 0; b < s.cfg.Benches; b++ {
		go s.bench(ctx, spec, queue, out)
	}

	var (
		accepted []Stave
		rejected int
		seen     int
	)
	for seen < len(stack) {
		d := <-out
		seen++
		if d.err != nil {
			rejected++
			s.log.Printf("set aside stave %s: %v", d.stave.ID, d.err)
			continue
		}
		accepted = append(accepted, d.stave)
		if len(accepted) == spec.StaveCount {
			break
		}
	}
	if len(accepted) < spec.StaveCount {
		return nil, fmt.Errorf("%w: %d accepted, %d rejected, spec %q needs %d",
			ErrNotEnoughStaves, len(accepted), rejected, spec.Name, spec.StaveCount)
	}
	return s.setUp(spec, accepted), nil
}

func (s *Shop) bench(ctx context.Context, spec BarrelSpec, queue <-chan Stave, out chan<- dressed) {
	for st := range queue {
		if ctx.Err() != nil {
			return
		}
		d, err := s.dress(ctx, spec, st)
		out <- dressed{stave: d, err: err} // leak: Raise stops receiving once it has enough staves
	}
}

func (s *Shop) dress(ctx context.Context, spec BarrelSpec, st Stave) (Stave, error) {
	if !spec.allows(st.Species) {
		return st, fmt.Errorf("%w: %s", ErrWrongSpecies, st.Species)
	}
	if st.MoisturePct > spec.MaxMoisturePct {
		return st, fmt.Errorf("%w: %.1f%% > %.1f%%", ErrTooWet, st.MoisturePct, spec.MaxMoisturePct)
	}
	if st.ThicknessMM < spec.MinThickness {
		return st, fmt.Errorf("%w: %.1fmm < %.1fmm", ErrTooThin, st.ThicknessMM, spec.MinThickness)
	}
	g, err := s.cfg.Inspector.Inspect(ctx, st, spec)
	if err != nil {
		return st, fmt.Errorf("inspect %s: %w", st.ID, err)
	}
	if g < GradeSecond {
		return st, fmt.Errorf("inspect %s: graded %s", st.ID, g)
	}
	st.Grade = g
	j, err := s.cfg.Jointer.Joint(ctx, st, spec.JointBevel(), spec.HeadWidth(), spec.BilgeWidth())
	if err != nil {
		return st, fmt.Errorf("joint %s: %w", st.ID, err)
	}
	return j, nil
}

// setUp orders the staves so seconds are spread around the barrel rather
// than bunched together, and computes the bilge circumference.
func (s *Shop) setUp(spec BarrelSpec, staves []Stave) *Barrel {
	sort.SliceStable(staves, func(i, j int) bool {
		return staves[i].Grade > staves[j].Grade
	})
	firsts, seconds := 0, 0
	for _, st := range staves {
		if st.Grade == GradeFirst {
			firsts++
		} else {
			seconds++
		}
	}
	ring := make([]Stave, 0, len(staves))
	fi, si := 0, firsts
	for len(ring) < len(staves) {
		if si < len(staves) && (fi >= firsts || len(ring)%4 == 3) {
			ring = append(ring, staves[si])
			si++
			continue
		}
		ring = append(ring, staves[fi])
		fi++
	}
	var circ float64
	for _, st := range ring {
		circ += st.WidthMM
	}
	s.log.Printf("raised %s: %d staves (%d seconds), bilge circumference %.0fmm",
		spec.Name, len(ring), seconds, circ)
	return &Barrel{Spec: spec, Staves: ring, Circumference: circ, Seconds: seconds}
}
