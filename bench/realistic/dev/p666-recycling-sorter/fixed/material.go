// Package sorting drives the optical sorting line of a materials recovery
// facility: items scanned on the conveyor are classified and diverted into
// the bin for their material.
package sorting

import (
	"context"
	"errors"
	"fmt"
)

// Material is a recyclable material class.
type Material int

// Material classes handled by the line. Residue is everything that cannot
// be recovered and goes to landfill.
const (
	Residue Material = iota
	PET
	HDPE
	Aluminium
	Steel
	Cardboard
	Glass
)

var materialNames = [...]string{"residue", "PET", "HDPE", "aluminium", "steel", "cardboard", "glass"}

func (m Material) String() string {
	if m >= 0 && int(m) < len(materialNames) {
		return materialNames[m]
	}
	return fmt.Sprintf("Material(%d)", int(m))
}

// Item is one object detected on the conveyor belt.
type Item struct {
	ID       string
	Belt     int
	WeightG  float64
	Spectrum []float64 // near-infrared reflectance samples
}

// Validation errors for Item.
var (
	ErrNoID        = errors.New("sorting: item has no id")
	ErrNoWeight    = errors.New("sorting: item weight must be positive")
	ErrNoSpectrum  = errors.New("sorting: item has no NIR spectrum")
	ErrUnknownBelt = errors.New("sorting: unknown belt")
)

func (it Item) validate(belts int) error {
	switch {
	case it.ID == "":
		return ErrNoID
	case it.WeightG <= 0:
		return fmt.Errorf("%w (item %s)", ErrNoWeight, it.ID)
	case len(it.Spectrum) == 0:
		return fmt.Errorf("%w (item %s)", ErrNoSpectrum, it.ID)
	case it.Belt < 0 || it.Belt >= belts:
		return fmt.Errorf("%w %d (item %s)", ErrUnknownBelt, it.Belt, it.ID)
	}
	return nil
}

// Classifier identifies the material of an item from its NIR spectrum.
// The production implementation calls the spectrometer's model server.
type Classifier interface {
	Classify(ctx context.Context, it Item) (Material, float64, error)
}

// Diverter fires the air jets that push an item into a bin.
type Diverter interface {
	Divert(belt int, m Material, itemID string) error
}

// Tally counts what went into each bin.
type Tally map[Material]int

// Total returns the number of items tallied.
func (t Tally) Total() int {
	n := 0
	for _, c := range t {
		n += c
	}
	return n
}
