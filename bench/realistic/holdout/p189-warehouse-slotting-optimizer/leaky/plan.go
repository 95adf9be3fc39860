package slotting

import (
	"fmt"
	"sort"
)

// Strategy names a way of ranking SKUs for the best locations.
type Strategy string

// Supported strategies.
const (
	ByVelocity Strategy = "velocity"
	ByCubeRate Strategy = "cube-per-pick"
)

// Plan is a candidate set of moves.
type Plan struct {
	Name     string
	Strategy Strategy
	Budget   int
	Moves    []Move
	Gain     float64
}

// score is the estimated daily cost of holding sku in loc. Lower is better.
func score(sku SKU, loc Location) float64 {
	cost := sku.Velocity * loc.PickCost
	// Penalise high levels for fast movers: every level above floor adds
	// lift time to each pick.
	cost += sku.Velocity * float64(loc.Level) * 0.15
	return cost
}

func fits(sku SKU, loc Location) bool {
	if sku.Zone != "" && sku.Zone != loc.Zone {
		return false
	}
	return sku.Cube <= loc.Capacity
}

// rank orders SKUs according to the strategy, most deserving first.
func rank(skus []SKU, s Strategy) []SKU {
	out := append([]SKU(nil), skus...)
	key := func(k SKU) float64 { return k.Velocity }
	if s == ByCubeRate {
		key = func(k SKU) float64 {
			if k.Cube == 0 {
				return k.Velocity
			}
			return k.Velocity / k.Cube
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return key(out[i]) > key(out[j]) })
	return out
}

// buildPlans creates one plan per strategy and budget. Plans that would not
// move anything are dropped.
func buildPlans(locs []Location, skus []SKU, current map[string]string, budgets []int) []Plan {
	byID := make(map[string]Location, len(locs))
	for _, l := range locs {
		byID[l.ID] = l
	}
	var plans []Plan
	for _, s := range []Strategy{ByVelocity, ByCubeRate} {
		for _, b := range budgets {
			p := greedy(rank(skus, s), locs, byID, current, b)
			if len(p.Moves) == 0 {
				continue
			}
			p.Name = fmt.Sprintf("%s/%d", s, b)
			p.Strategy = s
			p.Budget = b
			plans = append(plans, p)
		}
	}
	return plans
}

// greedy walks SKUs in ranked order and gives each the cheapest free
// location that fits, as long as doing so saves travel.
func greedy(ranked []SKU, locs []Location, byID map[string]Location, current map[string]string, budget int) Plan {
	occupied := make(map[string]bool, len(current))
	for _, loc := range current {
		occupied[loc] = true
	}
	sorted := append([]Location(nil), locs...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].PickCost < sorted[j].PickCost })

	var p Plan
	for _, sku := range ranked {
		if len(p.Moves) >= budget {
			break
		}
		from, ok := current[sku.ID]
		if !ok {
			continue
		}
		curCost := score(sku, byID[from])
		for _, loc := range sorted {
			if occupied[loc.ID] || !fits(sku, loc) {
				continue
			}
			gain := curCost - score(sku, loc)
			if gain <= 0 {
				break
			}
			p.Moves = append(p.Moves, Move{SKU: sku.ID, From: from, To: loc.ID, Gain: gain})
			p.Gain += gain
			occupied[loc.ID] = true
			delete(occupied, from)
			break
		}
	}
	return p
}
