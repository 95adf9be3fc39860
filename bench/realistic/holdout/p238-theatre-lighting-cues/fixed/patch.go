// Package cues is the playback core of a small theatre lighting console:
// a patch of dimmers spread over DMX universes, a cue list with timed
// fades, and one output worker per universe feeding the network nodes.
package cues

import (
	"errors"
	"fmt"
	"sort"
)

// UniverseSize is the number of slots in a DMX512 universe.
const UniverseSize = 512

// Fixture is a dimmer channel patched to a DMX address. Wide fixtures use
// two consecutive slots (coarse and fine) for 16-bit intensity.
type Fixture struct {
	ID       string
	Universe int
	Address  int
	Wide     bool
}

func (f Fixture) footprint() int {
	if f.Wide {
		return 2
	}
	return 1
}

// Patch maps fixture IDs to DMX addresses.
type Patch struct {
	fixtures map[string]Fixture
}

// NewPatch validates the fixtures and builds a patch. Addresses are 1-based
// as printed on the fixtures.
func NewPatch(fixtures ...Fixture) (Patch, error) {
	p := Patch{fixtures: make(map[string]Fixture, len(fixtures))}
	used := make(map[int]map[int]string)
	for _, f := range fixtures {
		if f.ID == "" {
			return Patch{}, errors.New("cues: fixture without ID")
		}
		if _, dup := p.fixtures[f.ID]; dup {
			return Patch{}, fmt.Errorf("cues: fixture %s patched twice", f.ID)
		}
		if f.Universe < 1 {
			return Patch{}, fmt.Errorf("cues: fixture %s: invalid universe %d", f.ID, f.Universe)
		}
		last := f.Address + f.footprint() - 1
		if f.Address < 1 || last > UniverseSize {
			return Patch{}, fmt.Errorf("cues: fixture %s: address %d out of range", f.ID, f.Address)
		}
		slots := used[f.Universe]
		if slots == nil {
			slots = make(map[int]string)
			used[f.Universe] = slots
		}
		for a := f.Address; a <= last; a++ {
			if other, taken := slots[a]; taken {
				return Patch{}, fmt.Errorf("cues: fixture %s overlaps %s at %d/%d", f.ID, other, f.Universe, a)
			}
			slots[a] = f.ID
		}
		p.fixtures[f.ID] = f
	}
	return p, nil
}

// Has reports whether the fixture is patched.
func (p Patch) Has(id string) bool {
	_, ok := p.fixtures[id]
	return ok
}

// Universes returns the universes in use, in ascending order.
func (p Patch) Universes() []int {
	seen := make(map[int]bool)
	var out []int
	for _, f := range p.fixtures {
		if !seen[f.Universe] {
			seen[f.Universe] = true
			out = append(out, f.Universe)
		}
	}
	sort.Ints(out)
	return out
}

// Render converts fixture intensities (0..1) into one DMX frame per
// universe in use. Unlisted fixtures are at zero.
func (p Patch) Render(levels map[string]float64) map[int][]byte {
	frames := make(map[int][]byte)
	for _, u := range p.Universes() {
		frames[u] = make([]byte, UniverseSize)
	}
	for id, f := range p.fixtures {
		lvl := levels[id]
		if lvl < 0 {
			lvl = 0
		} else if lvl > 1 {
			lvl = 1
		}
		frame := frames[f.Universe]
		if f.Wide {
			v := uint16(lvl*65535 + 0.5)
			frame[f.Address-1] = byte(v >> 8)
			frame[f.Address] = byte(v)
		} else {
			frame[f.Address-1] = byte(lvl*255 + 0.5)
		}
	}
	return frames
}
