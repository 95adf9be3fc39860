package liftqueue

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrGateOffline is returned by a GateReader when a turnstile controller has
// missed its heartbeat. The monitor treats such gates as degraded rather than
// failing the whole lift.
var ErrGateOffline = errors.New("gate offline")

// GateKind distinguishes the turnstiles that feed a lift line.
type GateKind int

const (
	// GateEntry counts skiers entering the maze.
	GateEntry GateKind = iota
	// GateSingles counts skiers entering the singles lane.
	GateSingles
	// GateLoading counts skiers passing the loading turnstile onto the chair.
	GateLoading
)

func (k GateKind) String() string {
	switch k {
	case GateEntry:
		return "entry"
	case GateSingles:
		return "singles"
	case GateLoading:
		return "loading"
	default:
		return fmt.Sprintf("GateKind(%d)", int(k))
	}
}

// Gate describes one RFID turnstile of a lift.
type Gate struct {
	ID   string
	Kind GateKind
}

// GateReading is the counter snapshot reported by a turnstile controller.
type GateReading struct {
	GateID string
	// Scans is the cumulative number of valid ticket scans since the lift opened.
	Scans int
	// At is the controller's own timestamp for the counter.
	At time.Time
	// Fault is a non-fatal condition reported by the controller, such as a
	// jammed arm. Readings with a fault are not trusted for counting.
	Fault string
}

// GateReader reads turnstile counters from the lift controllers.
type GateReader interface {
	ReadGate(ctx context.Context, gateID string) (GateReading, error)
}

type gateResult struct {
	gate    Gate
	reading GateReading
	err     error
}

// pollGates queries every gate concurrently. Controllers sit behind a slow
// radio link, so the reads are issued in parallel and collected by the caller.
func (m *Monitor) pollGates(ctx context.Context, gates []Gate) <-chan gateResult {
	out := make(chan gateResult)
	for _, g := range gates {
		go func(g Gate) {
			rctx, cancel := context.WithTimeout(ctx, m.cfg.GateTimeout)
			defer cancel()
			r, err := m.reader.ReadGate(rctx, g.ID)
			if err == nil && r.GateID != "" && r.GateID != g.ID {
				err = fmt.Errorf("controller answered for gate %s", r.GateID)
			}
			out <- gateResult{gate: g, reading: r, err: err} // leak: Refresh stops receiving after the first hard gate error
		}(g)
	}
	return out
}
