// Package harvest runs the cutting and hauling of ice blocks from a frozen
// lake to an icehouse.
package harvest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"time"
)

// IceDensity is the density of clear lake ice in kg/m³.
const IceDensity = 917.0

// ErrThinIce is returned when a field is too thin to carry loaded sledges.
var ErrThinIce = errors.New("harvest: ice too thin for sledges")

// Sledge is a horse-drawn sledge hauling blocks to the icehouse.
type Sledge struct {
	ID         string
	CapacityKG float64
}

// Icehouse is the store the blocks are packed into.
type Icehouse interface {
	// FreeKG reports how much more ice the house can take.
	FreeKG(ctx context.Context) (float64, error)
	// Store packs one sledge load into the house.
	Store(ctx context.Context, l Load) error
}

// Option configures a Harvester.
type Option func(*Harvester)

// WithSledges sets the sledges working the field, used in rotation.
func WithSledges(s ...Sledge) Option {
	return func(h *Harvester) { h.sledges = append([]Sledge(nil), s...) }
}

// WithSaw replaces the default hand-saw gang.
func WithSaw(s Saw) Option {
	return func(h *Harvester) { h.saw = s }
}

// WithBlockSide sets the side of the square blocks in centimetres.
func WithBlockSide(cm float64) Option {
	return func(h *Harvester) { h.blockSideCM = cm }
}

// WithMinThickness sets the thinnest ice the crew will work on.
func WithMinThickness(cm float64) Option {
	return func(h *Harvester) { h.minThicknessCM = cm }
}

// WithLogger sets the logger for trip reports.
func WithLogger(l *log.Logger) Option {
	return func(h *Harvester) { h.log = l }
}

// Harvester coordinates the saw gang and the sledges for one icehouse.
type Harvester struct {
	house          Icehouse
	saw            Saw
	sledges        []Sledge
	blockSideCM    float64
	minThicknessCM float64
	log            *log.Logger
	now            func() time.Time
}

// New returns a Harvester filling house.
func New(house Icehouse, opts ...Option) (*Harvester, error) {
	if house == nil {
		return nil, errors.New("harvest: nil icehouse")
	}
	h := &Harvester{
		house:          house,
		blockSideCM:    55,
		minThicknessCM: 30,
		log:            log.New(io.Discard, "", 0),
		now:            time.Now,
	}
	for _, o := range opts {
		o(h)
	}
	if len(h.sledges) == 0 {
		return nil, errors.New("harvest: no sledges configured")
	}
	for _, s := range h.sledges {
		if s.CapacityKG <= 0 {
			return nil, fmt.Errorf("harvest: sledge %q has no capacity", s.ID)
		}
	}
	if h.blockSideCM <= 0 {
		return nil, fmt.Errorf("harvest: invalid block side %.1f cm", h.blockSideCM)
	}
	if h.saw == nil {
		h.saw = gangSaw{sideCM: h.blockSideCM}
	}
	return h, nil
}

// Harvest cuts f and hauls the blocks to the icehouse until the field is
// cut out or the house is full.
func (h *Harvester) Harvest(ctx context.Context, f Field) (Summary, error) {
	start := h.now()
	sum := Summary{Field: f.Name}
	if err := f.validate(); err != nil {
		return sum, err
	}
	if f.ThicknessCM < h.minThicknessCM {
		return sum, fmt.Errorf("%w: %s measures %.0f cm, need %.0f cm",
			ErrThinIce, f.Name, f.ThicknessCM, h.minThicknessCM)
	}
	free, err := h.house.FreeKG(ctx)
	if err != nil {
		return sum, fmt.Errorf("harvest: ask icehouse for space: %w", err)
	}
	if free < blockWeight(h.blockSideCM, f.ThicknessCM) {
		h.log.Printf("icehouse already full, not cutting %s", f.Name)
		sum.HouseFull = true
		return sum, nil
	}

	ld := &loader{line: h.cut(ctx, f)}
	for trip := 0; ; trip++ {
		sl := h.sledges[trip%len(h.sledges)]
		load := ld.fill(sl, free)
		sum.Discarded = ld.discarded
		if ld.err != nil {
			return sum, ld.err
		}
		if len(load.Blocks) == 0 {
			if ld.waiting() {
				h.log.Printf("icehouse full with %.0f kg free, leaving the rest of %s", free, f.Name)
				sum.HouseFull = true
			}
			break
		}
		if err := h.house.Store(ctx, load); err != nil {
			return sum, fmt.Errorf("harvest: unload sledge %s: %w", sl.ID, err)
		}
		sum.add(load)
		free -= load.WeightKG
		h.log.Printf("trip %d: sledge %s hauled %d blocks (%.0f kg), %.0f kg free",
			sum.Trips, sl.ID, len(load.Blocks), load.WeightKG, free)
	}
	sum.Duration = h.now().Sub(start)
	return sum, nil
}
