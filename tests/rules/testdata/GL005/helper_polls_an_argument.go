package helperpollsanargument

import (
	"errors"
	"fmt"
)

// run: release := make(chan struct{}); m := &Monitor{read: func(id string) (int, error) { if id == "b" { return 0, errors.New("jammed") }; <-release; return 1, nil }}; _, _ = m.Refresh(Lift{Gates: []string{"a", "b", "c", "d"}}); close(release)

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

// poll reads every gate at once; the caller collects one reading per gate.
func (m *Monitor) poll(gates []string) <-chan reading {
	out := make(chan reading)
	for _, g := range gates {
		go func(g string) {
			n, err := m.read(g)
			out <- reading{gate: g, scans: n, err: err} // want "goroutine is started once per call of `poll` in a loop and blocks sending on `out` \(`results`\) once the collecting loop at line 43 returns early at line 46"
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
