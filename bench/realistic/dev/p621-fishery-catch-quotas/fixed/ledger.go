package catchquota

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// VesselID is the registry number of a licensed fishing vessel, e.g. "GY-0412".
type VesselID string

// Species is an FAO three-letter species code such as "COD" or "HAD".
type Species string

// Season identifies a quota year.
type Season int

// Landing is one landing declaration submitted by a vessel at port.
type Landing struct {
	Vessel   VesselID
	Species  Species
	Port     string
	LiveKg   float64 // live-weight equivalent of the landed catch
	LandedAt time.Time
}

// Allocation is the quota a vessel holds for one species in a season.
type Allocation struct {
	Species Species
	Kg      float64
}

var (
	// ErrAccessDenied is returned by a LandingSource when the registry refuses
	// to release a vessel's declarations to the caller.
	ErrAccessDenied = errors.New("catchquota: access to landings registry denied")
	// ErrNoAllocation means the vessel holds no quota at all for the season.
	ErrNoAllocation = errors.New("catchquota: vessel holds no allocation")
	// ErrMissingLogbook means the vessel has not submitted its electronic logbook.
	ErrMissingLogbook = errors.New("catchquota: electronic logbook not submitted")
)

// LandingSource reads landing declarations from the national landings registry.
type LandingSource interface {
	Landings(ctx context.Context, vessel VesselID, season Season) ([]Landing, error)
}

// AllocationStore holds the quota allocations issued to each vessel.
type AllocationStore interface {
	Allocations(ctx context.Context, vessel VesselID, season Season) ([]Allocation, error)
}

// SpeciesUsage compares what a vessel landed against what it was allowed.
type SpeciesUsage struct {
	Species  Species
	LandedKg float64
	QuotaKg  float64
}

// Utilisation is the fraction of the quota used. Catch landed without any
// quota counts as fully used.
func (u SpeciesUsage) Utilisation() float64 {
	if u.QuotaKg <= 0 {
		if u.LandedKg > 0 {
			return 1
		}
		return 0
	}
	return u.LandedKg / u.QuotaKg
}

// VesselStatement is the reconciled position of one vessel.
type VesselStatement struct {
	Vessel       VesselID
	Usage        []SpeciesUsage
	Overruns     []Species
	Unreconciled string
}

// Report is the reconciliation of a whole fleet for one season.
type Report struct {
	Season     Season
	Generated  time.Time
	Statements []VesselStatement
}

// Statement returns the statement of a vessel, if the report contains it.
func (r Report) Statement(v VesselID) (VesselStatement, bool) {
	for _, s := range r.Statements {
		if s.Vessel == v {
			return s, true
		}
	}
	return VesselStatement{}, false
}

// Summary renders a short human-readable digest suitable for a log line or
// the body of a notification to the fisheries officer.
func (r Report) Summary() string {
	var over, open []string
	for _, s := range r.Statements {
		switch {
		case s.Unreconciled != "":
			open = append(open, string(s.Vessel))
		case len(s.Overruns) > 0:
			sp := make([]string, len(s.Overruns))
			for i, o := range s.Overruns {
				sp[i] = string(o)
			}
			over = append(over, fmt.Sprintf("%s(%s)", s.Vessel, strings.Join(sp, ",")))
		}
	}
	return fmt.Sprintf("season %d: %d vessels, %d over quota [%s], %d unreconciled [%s]",
		r.Season, len(r.Statements), len(over), strings.Join(over, " "),
		len(open), strings.Join(open, " "))
}

// tally folds landings into per-species usage against the allocations held.
// Landings of species the vessel holds no quota for are kept with a zero quota
// so that they show up as overruns.
func tally(vessel VesselID, allocs []Allocation, landings []Landing, tolerance float64) (VesselStatement, error) {
	quota := make(map[Species]float64, len(allocs))
	for _, a := range allocs {
		quota[a.Species] += a.Kg
	}
	landed := make(map[Species]float64)
	for _, l := range landings {
		if l.Vessel != vessel {
			return VesselStatement{}, fmt.Errorf("landing at %s on %s declared by %s, not %s",
				l.Port, l.LandedAt.Format("2006-01-02"), l.Vessel, vessel)
		}
		if l.LiveKg < 0 {
			return VesselStatement{}, fmt.Errorf("negative landing of %s at %s", l.Species, l.Port)
		}
		landed[l.Species] += l.LiveKg
	}

	species := make([]Species, 0, len(quota)+len(landed))
	for sp := range quota {
		species = append(species, sp)
	}
	for sp := range landed {
		if _, ok := quota[sp]; !ok {
			species = append(species, sp)
		}
	}
	sort.Slice(species, func(i, j int) bool { return species[i] < species[j] })

	st := VesselStatement{Vessel: vessel}
	for _, sp := range species {
		u := SpeciesUsage{Species: sp, LandedKg: landed[sp], QuotaKg: quota[sp]}
		st.Usage = append(st.Usage, u)
		if u.LandedKg > u.QuotaKg*(1+tolerance) {
			st.Overruns = append(st.Overruns, sp)
		}
	}
	return st, nil
}
