package dipping

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"time"
)

// Config configures a dipping line.
type Config struct {
	Vat          VatConfig
	InitialWaxL  float64
	RoundCooling time.Duration
	TopUpMargin  float64
	MeltTimeout  time.Duration
}

// Option customises a Line.
type Option func(*Line)

// WithLogger sets the logger.
func WithLogger(l *log.Logger) Option { return func(ln *Line) { ln.log = l } }

// WithMelter enables automatic top-ups from a side melting pot.
func WithMelter(m Melter) Option { return func(ln *Line) { ln.melter = m } }

// Line runs dipping orders on a carousel over a single vat.
type Line struct {
	cfg    Config
	vat    *Vat
	melter Melter
	log    *log.Logger
}

// New builds a dipping line.
func New(cfg Config, therm Thermometer, hoist Hoist, opts ...Option) (*Line, error) {
	if therm == nil || hoist == nil {
		return nil, errors.New("dipping: thermometer and hoist are required")
	}
	if cfg.Vat.CapacityL <= 0 || cfg.InitialWaxL > cfg.Vat.CapacityL {
		return nil, fmt.Errorf("dipping: bad vat capacity %.1fL for %.1fL of wax", cfg.Vat.CapacityL, cfg.InitialWaxL)
	}
	if cfg.Vat.MinTempC >= cfg.Vat.MaxTempC {
		return nil, fmt.Errorf("dipping: bad working range %.0f-%.0f°C", cfg.Vat.MinTempC, cfg.Vat.MaxTempC)
	}
	if cfg.TopUpMargin <= 0 {
		cfg.TopUpMargin = 1.5
	}
	if cfg.MeltTimeout <= 0 {
		cfg.MeltTimeout = 20 * time.Minute
	}
	l := &Line{cfg: cfg, log: log.New(io.Discard, "", 0)}
	for _, o := range opts {
		o(l)
	}
	var onLow func(float64)
	if l.melter != nil {
		onLow = l.topUp
	}
	l.vat = newVat(cfg.Vat, cfg.InitialWaxL, therm, hoist, l.log, onLow)
	return l, nil
}

func (l *Line) topUp(shortfallL float64) {
	litres := shortfallL * l.cfg.TopUpMargin
	ctx, cancel := context.WithTimeout(context.Background(), l.cfg.MeltTimeout)
	defer cancel()
	if err := l.melter.Melt(ctx, litres); err != nil {
		l.log.Printf("top-up of %.2fL failed: %v", litres, err)
		return
	}
	level := l.vat.Refill(litres)
	l.log.Printf("vat topped up with %.2fL, now %.2fL", litres, level)
}

// RunOrder dips every frame of the order in turn, round after round, until
// each reaches the target diameter or MaxDips is hit.
func (l *Line) RunOrder(ctx context.Context, o Order) (*Report, error) {
	if len(o.Frames) == 0 {
		return nil, ErrEmptyOrder
	}
	start := time.Now()
	_, usedBefore, _, _ := l.vat.Usage()
	rep := &Report{Order: o.ID}
	done := make(map[string]bool, len(o.Frames))

	for len(done) < len(o.Frames) {
		rep.Rounds++
		for i := range o.Frames {
			f := &o.Frames[i]
			if done[f.ID] {
				continue
			}
			if err := l.vat.Dip(ctx, f); err != nil {
				l.log.Printf("order %s stopped at %s after %d dips: %v", o.ID, f.ID, rep.Dips, err)
				return rep, fmt.Errorf("order %s: frame %s, dip %d: %w", o.ID, f.ID, f.Dips+1, err)
			}
			rep.Dips++
			if f.DiameterMM >= o.TargetDiameterMM || (o.MaxDips > 0 && f.Dips >= o.MaxDips) {
				done[f.ID] = true
				rep.Finished = append(rep.Finished, f.ID)
			}
		}
		select {
		case <-time.After(l.cfg.RoundCooling):
		case <-ctx.Done():
			return rep, ctx.Err()
		}
	}
	_, usedAfter, _, _ := l.vat.Usage()
	rep.WaxUsedL = usedAfter - usedBefore
	rep.Elapsed = time.Since(start)
	l.log.Printf("order %s: %d frames in %d rounds, %.2fL wax", o.ID, len(o.Frames), rep.Rounds, rep.WaxUsedL)
	return rep, nil
}
