// Package mews keeps the daily roster of a falconry mews: which birds are
// at flying weight, who has them out on the fist, and what happened on
// each outing. The roster is persisted in the background.
package mews

import (
	"errors"
	"fmt"
	"time"
)

// Species of bird kept in the mews.
type Species string

// Species flown at this centre.
const (
	HarrisHawk Species = "Harris's hawk"
	Peregrine  Species = "peregrine falcon"
	Goshawk    Species = "northern goshawk"
	BarnOwl    Species = "barn owl"
)

// Errors returned when a bird may not be flown.
var (
	ErrUnknownBird = errors.New("mews: unknown bird")
	ErrAlreadyOut  = errors.New("mews: bird is already out")
	ErrNotOut      = errors.New("mews: bird is not out")
	ErrUnderweight = errors.New("mews: bird is under flying weight")
	ErrOverweight  = errors.New("mews: bird is over flying weight")
	ErrNotWeighed  = errors.New("mews: bird not weighed today")
	ErrInMoult     = errors.New("mews: bird is in moult")
)

// WeighIn is one reading from the mews scales.
type WeighIn struct {
	At    time.Time
	Grams int
}

// Note is a free-text entry in a bird's daybook.
type Note struct {
	At   time.Time
	Text string
}

// Bird is one bird on the roster.
type Bird struct {
	ID           string
	Name         string
	Species      Species
	FlyingWeight int // grams, the weight at which the bird is keen but strong
	Moulting     bool

	Weights []WeighIn
	Out     bool
	OutWith string
	OutAt   time.Time
	Notes   []Note
}

// LastWeight returns the most recent weigh-in.
func (b *Bird) LastWeight() (WeighIn, bool) {
	if len(b.Weights) == 0 {
		return WeighIn{}, false
	}
	return b.Weights[len(b.Weights)-1], true
}

// fitToFly decides from the day's weigh-in whether the bird may go out.
func (b *Bird) fitToFly(at time.Time, p weightPolicy) error {
	if b.Moulting {
		return ErrInMoult
	}
	w, ok := b.LastWeight()
	if !ok || at.Sub(w.At) > p.maxAge {
		return ErrNotWeighed
	}
	dev := float64(w.Grams-b.FlyingWeight) / float64(b.FlyingWeight)
	switch {
	case dev < -p.under:
		return fmt.Errorf("%w: %dg, flying weight %dg", ErrUnderweight, w.Grams, b.FlyingWeight)
	case dev > p.over:
		return fmt.Errorf("%w: %dg, flying weight %dg", ErrOverweight, w.Grams, b.FlyingWeight)
	}
	return nil
}

func (b *Bird) note(at time.Time, format string, args ...any) {
	b.Notes = append(b.Notes, Note{At: at, Text: fmt.Sprintf(format, args...)})
}

func (b *Bird) clone() Bird {
	c := *b
	c.Weights = append([]WeighIn(nil), b.Weights...)
	c.Notes = append([]Note(nil), b.Notes...)
	return c
}

type weightPolicy struct {
	under  float64
	over   float64
	maxAge time.Duration
}
