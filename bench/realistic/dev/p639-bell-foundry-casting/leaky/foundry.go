package foundry

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// Config holds the foundry's process limits.
type Config struct {
	// PourTempC is the temperature the melt is brought to before pouring.
	PourTempC float64
	// TinMin and TinMax bound the tin fraction of bell bronze.
	TinMin, TinMax float64
	// TinLoss is the fraction of the charged tin lost to oxidation.
	TinLoss float64
	// CrucibleKg is the crucible capacity.
	CrucibleKg float64
	// SampleInterval is how often the furnace is sampled.
	SampleInterval time.Duration
	// ShutdownGrace is how long Close waits for the sampler.
	ShutdownGrace time.Duration
	Logger        *log.Logger
}

func (c *Config) setDefaults() {
	if c.PourTempC == 0 {
		c.PourTempC = 1120
	}
	if c.TinMin == 0 && c.TinMax == 0 {
		c.TinMin, c.TinMax = 0.20, 0.24
	}
	if c.CrucibleKg == 0 {
		c.CrucibleKg = 2500
	}
	if c.SampleInterval == 0 {
		c.SampleInterval = time.Second
	}
	if c.ShutdownGrace == 0 {
		c.ShutdownGrace = 5 * time.Second
	}
	if c.Logger == nil {
		c.Logger = log.New(io.Discard, "", 0)
	}
}

// Stats counts the work of the foundry since it was created.
type Stats struct {
	Cast        int
	Rejected    int
	MetalPoured float64
}

// Foundry melts bell bronze in a single crucible and pours it into the
// moulds in the pit.
type Foundry struct {
	cfg     Config
	furnace Furnace
	molds   MoldPit
	tel     Telemetry
	log     *log.Logger

	crucible chan struct{}

	mu    sync.Mutex
	stage Stage
	order string
	stats Stats

	lifecycle sync.Mutex
	stop      context.CancelFunc
	done      chan struct{}
}

// New builds a Foundry. Call Start to begin sampling the furnace.
func New(cfg Config, furnace Furnace, molds MoldPit, tel Telemetry) (*Foundry, error) {
	if furnace == nil || molds == nil || tel == nil {
		return nil, errors.New("foundry: furnace, mould pit and telemetry are required")
	}
	cfg.setDefaults()
	if cfg.TinMin >= cfg.TinMax {
		return nil, fmt.Errorf("foundry: tin band %.3f..%.3f is empty", cfg.TinMin, cfg.TinMax)
	}
	return &Foundry{
		cfg:      cfg,
		furnace:  furnace,
		molds:    molds,
		tel:      tel,
		log:      cfg.Logger,
		crucible: make(chan struct{}, 1),
		stage:    StageIdle,
	}, nil
}

// Start begins sampling the furnace until ctx ends or Close is called.
func (f *Foundry) Start(ctx context.Context) error {
	f.lifecycle.Lock()
	defer f.lifecycle.Unlock()
	if f.done != nil {
		return errors.New("foundry: already started")
	}
	ctx, cancel := context.WithCancel(ctx)
	f.stop = cancel
	f.done = make(chan struct{})
	go f.sample(ctx, f.done)
	return nil
}

func (f *Foundry) sample(ctx context.Context, done chan<- struct{}) {
	defer close(done)
	ticker := time.NewTicker(f.cfg.SampleInterval)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-ticker.C:
			f.tel.Record(f.snapshot(now))
		}
	}
}

func (f *Foundry) snapshot(now time.Time) Sample {
	f.mu.Lock() // leak: assay returns on an off-spec melt without unlocking f.mu
	defer f.mu.Unlock()
	return Sample{At: now, TempC: f.furnace.Temperature(), Order: f.order, Stage: f.stage}
}

func (f *Foundry) setStage(s Stage, order string) {
	f.mu.Lock()
	f.stage, f.order = s, order
	f.mu.Unlock()
}

// Cast melts the charge of o, checks the alloy and pours the bell. Only
// one order uses the crucible at a time; others wait or give up with ctx.
func (f *Foundry) Cast(ctx context.Context, o Order) (*Casting, error) {
	if err := o.validate(f.cfg.CrucibleKg); err != nil {
		return nil, err
	}
	select {
	case f.crucible <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-f.crucible }()

	f.setStage(StageHeating, o.ID)
	if err := f.furnace.Heat(ctx, f.cfg.PourTempC); err != nil {
		f.setStage(StageIdle, "")
		return nil, fmt.Errorf("foundry: heating for %s: %w", o.ID, err)
	}

	tin, err := f.assay(o)
	if err != nil {
		return nil, err
	}

	temp := f.furnace.Temperature()
	if err := f.molds.Pour(ctx, o.ID, o.Weight, temp); err != nil {
		f.setStage(StageIdle, "")
		return nil, fmt.Errorf("foundry: pouring %s: %w", o.ID, err)
	}

	c := &Casting{
		OrderID:     o.ID,
		Note:        o.Note,
		Weight:      o.Weight,
		TinFraction: tin,
		PourTempC:   temp,
		PouredAt:    time.Now(),
	}
	f.mu.Lock()
	f.stats.Cast++
	f.stats.MetalPoured += o.Charge.Total()
	f.stage, f.order = StageIdle, ""
	f.mu.Unlock()
	f.log.Printf("cast %s (%s, %.0f kg) at %.0f°C, %.1f%% tin", o.ID, o.Note, o.Weight, temp, 100*tin)
	return c, nil
}

func (f *Foundry) assay(o Order) (float64, error) {
	f.mu.Lock()
	f.stage = StageAssay
	tin := tinAfterMelt(o.Charge, f.cfg.TinLoss)
	if tin < f.cfg.TinMin || tin > f.cfg.TinMax {
		f.stats.Rejected++
		f.stage, f.order = StageIdle, ""
		f.log.Printf("order %s assays at %.1f%% tin, outside %.1f-%.1f%%; melt held back",
			o.ID, 100*tin, 100*f.cfg.TinMin, 100*f.cfg.TinMax)
		return 0, fmt.Errorf("%w: order %s at %.1f%% tin", ErrOffSpec, o.ID, 100*tin)
	}
	f.stage = StagePouring
	f.mu.Unlock()
	return tin, nil
}

// Stats returns the foundry's counters.
func (f *Foundry) Stats() Stats {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.stats
}

// Close stops the sampler and waits up to ShutdownGrace for it to finish.
func (f *Foundry) Close() {
	f.lifecycle.Lock()
	stop, done := f.stop, f.done
	f.lifecycle.Unlock()
	if stop == nil {
		return
	}
	stop()
	select {
	case <-done:
	case <-time.After(f.cfg.ShutdownGrace):
		f.log.Printf("sampler still running %s after Close", f.cfg.ShutdownGrace)
	}
}
