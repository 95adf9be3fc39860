package dipping

import (
	"context"
	"fmt"
	"log"
	"sync"
	"time"
)

// VatConfig describes the dipping vat.
type VatConfig struct {
	CapacityL   float64
	MinLevelL   float64
	MinTempC    float64
	MaxTempC    float64
	WaxPerWickL float64
	Dwell       time.Duration
	Drip        time.Duration
}

// Vat is the heated tank of wax the frames are dipped into.
type Vat struct {
	cfg   VatConfig
	therm Thermometer
	hoist Hoist
	log   *log.Logger
	onLow func(shortfallL float64)

	mu        sync.Mutex
	levelL    float64
	usedL     float64
	dips      int
	lowEvents int
}

func newVat(cfg VatConfig, levelL float64, therm Thermometer, hoist Hoist, logger *log.Logger, onLow func(float64)) *Vat {
	return &Vat{cfg: cfg, therm: therm, hoist: hoist, log: logger, onLow: onLow, levelL: levelL}
}

// layerMM estimates the thickness of wax a single dip adds at temperature c.
// Cooler wax leaves a thicker coat.
func layerMM(c float64) float64 {
	return 0.25 * (85.0 / c)
}

// Dip lowers a frame into the vat, holds it for the dwell time, lifts it and
// lets it drip. The vat is held for the whole time the frame is in the wax.
func (v *Vat) Dip(ctx context.Context, f *Frame) error {
	v.mu.Lock()
	temp, err := v.therm.Celsius(ctx)
	if err != nil {
		v.mu.Unlock()
		return fmt.Errorf("read vat temperature: %w", err)
	}
	if temp < v.cfg.MinTempC || temp > v.cfg.MaxTempC {
		v.mu.Unlock()
		return fmt.Errorf("%w: %.1f°C", ErrWaxTemp, temp)
	}
	draw := float64(f.Wicks) * v.cfg.WaxPerWickL * (1 + f.DiameterMM/10)
	if v.levelL-draw < v.cfg.MinLevelL {
		shortfall := v.cfg.MinLevelL + draw - v.levelL
		v.lowEvents++
		v.log.Printf("vat low before %s: %.2fL in vat, need %.2fL", f.ID, v.levelL, draw)
		v.mu.Unlock()
		if v.onLow != nil {
			go v.onLow(shortfall)
		}
		return fmt.Errorf("%w: %.2fL short", ErrWaxLow, shortfall)
	}
	if err := v.hoist.Lower(ctx, f.ID); err != nil {
		v.mu.Unlock()
		return fmt.Errorf("lower %s: %w", f.ID, err)
	}
	select {
	case <-time.After(v.cfg.Dwell):
	case <-ctx.Done():
	}
	if err := v.hoist.Raise(context.Background(), f.ID); err != nil {
		v.mu.Unlock()
		return fmt.Errorf("raise %s: %w", f.ID, err)
	}
	v.levelL -= draw
	v.usedL += draw
	v.dips++
	v.mu.Unlock()

	if ctx.Err() != nil {
		return ctx.Err()
	}
	f.DiameterMM += 2 * layerMM(temp)
	f.Dips++

	select {
	case <-time.After(v.cfg.Drip):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Refill pours melted wax into the vat, up to its capacity.
func (v *Vat) Refill(litres float64) float64 {
	v.mu.Lock()
	defer v.mu.Unlock()
	room := v.cfg.CapacityL - v.levelL
	if litres > room {
		litres = room
	}
	v.levelL += litres
	return v.levelL
}

// Usage reports the wax used and the number of dips done so far.
func (v *Vat) Usage() (levelL, usedL float64, dips, lowEvents int) {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.levelL, v.usedL, v.dips, v.lowEvents
}
