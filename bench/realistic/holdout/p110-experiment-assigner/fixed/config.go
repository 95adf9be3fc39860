package assign

import (
	"errors"
	"fmt"
	"hash/fnv"
)

// Status is the lifecycle state of an experiment.
type Status int

// Experiment lifecycle states.
const (
	StatusDraft Status = iota
	StatusRunning
	StatusPaused
	StatusConcluded
)

// Variant is one arm of an experiment.
type Variant struct {
	Name   string
	Weight int
}

// Experiment is the configuration of one A/B test as published by the
// experimentation console.
type Experiment struct {
	ID       string
	Salt     string
	Status   Status
	Variants []Variant
	// DefaultVariant is served to units that are not enrolled and while the
	// experiment is not running.
	DefaultVariant string
	// TrafficPercent is the share of units enrolled, 0-100.
	TrafficPercent int
	// Winner is served to everyone once the experiment is concluded.
	Winner string
}

// Snapshot is a consistent set of experiment configs.
type Snapshot struct {
	Revision    string
	Experiments []Experiment
}

// ErrInvalidConfig is returned when an experiment config cannot be served.
var ErrInvalidConfig = errors.New("invalid experiment config")

func (e *Experiment) validate() error {
	if e.ID == "" {
		return fmt.Errorf("%w: empty id", ErrInvalidConfig)
	}
	if e.Status == StatusConcluded && e.Winner == "" {
		return fmt.Errorf("%w: %s: concluded without a winner", ErrInvalidConfig, e.ID)
	}
	if e.Status == StatusRunning && e.totalWeight() <= 0 {
		return fmt.Errorf("%w: %s: running with no weighted variants", ErrInvalidConfig, e.ID)
	}
	return nil
}

// index validates a snapshot and keys its experiments by ID.
func index(snap Snapshot) (map[string]*Experiment, error) {
	out := make(map[string]*Experiment, len(snap.Experiments))
	for i := range snap.Experiments {
		e := snap.Experiments[i]
		if err := e.validate(); err != nil {
			return nil, err
		}
		out[e.ID] = &e
	}
	return out, nil
}

func (e *Experiment) totalWeight() int {
	total := 0
	for _, v := range e.Variants {
		total += v.Weight
	}
	return total
}

// bucket deterministically places unitID in the experiment. It reports
// whether the unit is enrolled and, if so, which variant it gets.
func (e *Experiment) bucket(unitID string) (string, bool) {
	h := fnv.New64a()
	h.Write([]byte(e.Salt))
	h.Write([]byte{':'})
	h.Write([]byte(unitID))
	sum := h.Sum64()

	if int(sum%100) >= e.TrafficPercent {
		return "", false
	}
	point := int((sum / 100) % uint64(e.totalWeight()))
	for _, v := range e.Variants {
		if point < v.Weight {
			return v.Name, true
		}
		point -= v.Weight
	}
	return "", false
}
