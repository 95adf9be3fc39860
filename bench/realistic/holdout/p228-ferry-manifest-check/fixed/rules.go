package manifest

import (
	"context"
	"fmt"
	"time"
)

// Kind is the category of a manifest entry.
type Kind int

const (
	Passenger Kind = iota
	Crew
	Car
	Freight
)

func (k Kind) String() string {
	switch k {
	case Passenger:
		return "passenger"
	case Crew:
		return "crew"
	case Car:
		return "car"
	case Freight:
		return "freight"
	}
	return fmt.Sprintf("kind(%d)", int(k))
}

// Entry is one line of a sailing manifest.
type Entry struct {
	Ref        string
	Kind       Kind
	Name       string
	DocumentID string
	Plate      string
	Deck       string
	LengthM    float64
	GrossKg    float64
	Hazmat     []string // UN numbers declared for the load
}

// Manifest is the list of everyone and everything booked on a sailing.
type Manifest struct {
	Sailing string
	Vessel  string
	Departs time.Time
	Entries []Entry
}

// IDVerifier checks travel documents against the border agency.
type IDVerifier interface {
	Verify(ctx context.Context, name, documentID string) (bool, error)
}

// HazmatClass is the dangerous-goods classification of a UN number.
type HazmatClass struct {
	UN    string
	Class string
	// PassengerBan is set for goods that may not travel on a ship
	// carrying passengers.
	PassengerBan bool
}

// HazmatRegistry looks up UN numbers in the dangerous goods list.
type HazmatRegistry interface {
	Lookup(ctx context.Context, un string) (HazmatClass, error)
}

func finding(e Entry, s Severity, format string, args ...interface{}) Finding {
	return Finding{
		Ref:      e.Ref,
		Kind:     e.Kind,
		Severity: s,
		Reason:   fmt.Sprintf(format, args...),
		Deck:     e.Deck,
		LengthM:  e.LengthM,
	}
}

// evaluate runs every rule that applies to e. It always returns at least
// one finding so the report accounts for every entry.
func (c *Checker) evaluate(ctx context.Context, e Entry) []Finding {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.CheckTimeout)
	defer cancel()

	var out []Finding
	switch e.Kind {
	case Passenger, Crew:
		ok, err := c.ids.Verify(ctx, e.Name, e.DocumentID)
		switch {
		case err != nil:
			out = append(out, finding(e, Review, "identity check unavailable: %v", err))
		case !ok:
			out = append(out, finding(e, Deny, "document %s does not match %s", e.DocumentID, e.Name))
		}
	case Car, Freight:
		if e.Deck == "" {
			out = append(out, finding(e, Review, "no deck assigned to %s", e.Plate))
		}
		if e.Kind == Freight && e.GrossKg > c.cfg.MaxGrossKg {
			out = append(out, finding(e, Deny, "gross weight %.0f kg over limit %.0f kg", e.GrossKg, c.cfg.MaxGrossKg))
		}
		for _, un := range e.Hazmat {
			cls, err := c.hazmat.Lookup(ctx, un)
			switch {
			case err != nil:
				out = append(out, finding(e, Review, "UN%s not classified: %v", un, err))
			case cls.PassengerBan && c.cfg.PassengerSailing:
				out = append(out, finding(e, Deny, "UN%s (class %s) banned on passenger sailings", un, cls.Class))
			default:
				out = append(out, finding(e, Warn, "UN%s (class %s) stow on weather deck", un, cls.Class))
			}
		}
	}
	if len(out) == 0 {
		out = append(out, Finding{Ref: e.Ref, Kind: e.Kind, Severity: Cleared, Deck: e.Deck, LengthM: e.LengthM})
	}
	return out
}
