package dockmon

import (
	"context"
	"fmt"
	"math"
	"sort"
)

type imbalance struct {
	id    string
	zone  string
	delta int // positive: surplus bikes, negative: missing bikes
}

// Plan computes the van moves that bring online stations in each zone
// towards the target fill. Offline stations and stations that have not
// reported yet are left alone, since their counts cannot be trusted.
func (m *Monitor) Plan() []Move {
	byZone := make(map[string][]imbalance)
	for _, st := range m.Snapshot() {
		if !st.Online || !st.Reported {
			continue
		}
		usable := st.Station.Capacity - st.Telemetry.DocksFaulted
		target := int(math.Round(float64(usable) * m.cfg.TargetFill))
		d := st.Telemetry.BikesAvailable - target
		if d != 0 {
			z := st.Station.Zone
			byZone[z] = append(byZone[z], imbalance{id: st.Station.ID, zone: z, delta: d})
		}
	}

	zones := make([]string, 0, len(byZone))
	for z := range byZone {
		zones = append(zones, z)
	}
	sort.Strings(zones)

	var moves []Move
	for _, z := range zones {
		moves = append(moves, m.planZone(byZone[z])...)
	}
	return moves
}

// planZone greedily pairs the largest surplus with the largest deficit.
func (m *Monitor) planZone(items []imbalance) []Move {
	var surplus, deficit []imbalance
	for _, it := range items {
		if it.delta > 0 {
			surplus = append(surplus, it)
		} else {
			deficit = append(deficit, it)
		}
	}
	sort.Slice(surplus, func(i, j int) bool {
		if surplus[i].delta != surplus[j].delta {
			return surplus[i].delta > surplus[j].delta
		}
		return surplus[i].id < surplus[j].id
	})
	sort.Slice(deficit, func(i, j int) bool {
		if deficit[i].delta != deficit[j].delta {
			return deficit[i].delta < deficit[j].delta
		}
		return deficit[i].id < deficit[j].id
	})

	var moves []Move
	i, j := 0, 0
	for i < len(surplus) && j < len(deficit) {
		n := surplus[i].delta
		if -deficit[j].delta < n {
			n = -deficit[j].delta
		}
		if n >= m.cfg.MinMove {
			moves = append(moves, Move{From: surplus[i].id, To: deficit[j].id, Bikes: n})
		}
		surplus[i].delta -= n
		deficit[j].delta += n
		if surplus[i].delta == 0 {
			i++
		}
		if deficit[j].delta == 0 {
			j++
		}
	}
	return moves
}

// Rebalance plans moves and sends them to the dispatcher. It stops at the
// first dispatch failure and reports how many moves were handed over.
func (m *Monitor) Rebalance(ctx context.Context, d Dispatcher) (int, error) {
	moves := m.Plan()
	for i, mv := range moves {
		if err := d.Dispatch(ctx, mv); err != nil {
			return i, fmt.Errorf("dispatch %d bikes %s -> %s: %w", mv.Bikes, mv.From, mv.To, err)
		}
	}
	return len(moves), nil
}
