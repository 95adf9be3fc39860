package fixedhelperpollsanargument

import (
	"errors"
	"fmt"
)

// Lift is one chair lift and the turnstiles that feed it.
type Lift struct {
	Name  string
	Gates []string
}

type reading struct {
	gate  string
	scans int
	err   error
}

// Monitor counts skiers through the turnstiles.
type Monitor struct {
	read func(gate string) (int, error)
}

// poll reads every gate at once into a buffer with room for every reading, so a
// caller that stops early leaves no reader blocked.
func (m *Monitor) poll(gates []string) <-chan reading {
	out := make(chan reading, len(gates))
	for _, g := range gates {
		go func(g string) {
			n, err := m.read(g)
			out <- reading{gate: g, scans: n, err: err}
		}(g)
	}
	return out
}

// Refresh sums the scans of a lift, and gives up on the first broken gate.
func (m *Monitor) Refresh(lift Lift) (int, error) {
	results := m.poll(lift.Gates)
	total := 0
	for range lift.Gates {
		r := <-results
		if r.err != nil {
			return 0, fmt.Errorf("lift %s: gate %s: %w", lift.Name, r.gate, r.err)
		}
		total += r.scans
	}
	if total < 0 {
		return 0, errors.New("negative count")
	}
	return total, nil
}
