package drainage

import (
	"context"
	"fmt"
	"sort"
)

// Adjustment is a planned change to one compartment's sluice.
type Adjustment struct {
	Compartment string
	MeanDepthCm float64
	Opening     int
	Reason      string
}

// Plan turns a survey into sluice settings. Compartments whose water table
// sits deeper than the target band are held back by closing the outlet; the
// outlet is opened in proportion when the bog is flooding above the band.
func Plan(cfg Config, sv Survey) ([]Adjustment, error) {
	sums := make(map[string]float64)
	counts := make(map[string]int)
	for _, l := range sv.Levels {
		sums[l.Compartment] += l.DepthCm
		counts[l.Compartment]++
	}
	comps := make([]string, 0, len(sums))
	for c := range sums {
		comps = append(comps, c)
	}
	sort.Strings(comps)

	var adj []Adjustment
	var dry []string
	for _, c := range comps {
		mean := sums[c] / float64(counts[c])
		a := Adjustment{Compartment: c, MeanDepthCm: mean}
		switch {
		case mean > cfg.TargetDepthCm+cfg.BandCm:
			a.Opening = 0
			a.Reason = "water table low, hold water"
		case mean < cfg.TargetDepthCm-cfg.BandCm:
			excess := (cfg.TargetDepthCm - cfg.BandCm) - mean
			a.Opening = clamp(int(excess*10), 10, 100)
			a.Reason = "surface flooding, release"
		default:
			continue
		}
		if mean > cfg.DryLimitCm {
			dry = append(dry, c)
		}
		adj = append(adj, a)
	}
	if len(dry) > 0 {
		return adj, fmt.Errorf("%w: %v", ErrDryAlarm, dry)
	}
	return adj, nil
}

// Apply sends the planned openings to the sluices and reports the first
// failure after trying all of them.
func Apply(ctx context.Context, sl Sluice, log Logger, adj []Adjustment) error {
	var first error
	for _, a := range adj {
		if err := sl.SetOpening(ctx, a.Compartment, a.Opening); err != nil {
			log.Printf("drainage: sluice %s: %v", a.Compartment, err)
			if first == nil {
				first = fmt.Errorf("sluice %s: %w", a.Compartment, err)
			}
			continue
		}
		log.Printf("drainage: %s mean %.1f cm, sluice %d%% (%s)", a.Compartment, a.MeanDepthCm, a.Opening, a.Reason)
	}
	return first
}

func clamp(v, lo, hi int) int {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}
