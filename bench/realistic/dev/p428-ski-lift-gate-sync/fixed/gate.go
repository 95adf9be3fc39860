package liftgate

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Gate is one turnstile at a lift.
type Gate struct {
	ID       string
	Lift     string
	svc      PassService
	clock    Clock
	passback time.Duration

	mu        sync.Mutex
	cache     map[string]Pass
	lastEntry map[string]time.Time
	backlog   []Scan // offline scans not yet uploaded
	syncing   bool
	waiting   int // riders in the maze, from the queue sensor
}

// NewGate returns a gate for lift that refuses a pass presented again
// within passback of its last entry.
func NewGate(id, lift string, svc PassService, clock Clock, passback time.Duration) *Gate {
	if clock == nil {
		clock = wallClock{}
	}
	return &Gate{
		ID: id, Lift: lift, svc: svc, clock: clock, passback: passback,
		cache:     make(map[string]Pass),
		lastEntry: make(map[string]time.Time),
	}
}

// Scan validates a pass presented at the gate. When the ticketing service
// is unreachable the gate decides from passes it has seen before and keeps
// the scan for upload. A refused pass is returned with a non-nil error.
func (g *Gate) Scan(ctx context.Context, passID string) (Scan, error) {
	now := g.clock.Now()
	p, err := g.svc.Lookup(ctx, passID)
	offline := errors.Is(err, ErrUnavailable)
	if err != nil && !offline {
		return Scan{}, fmt.Errorf("gate %s: look up pass %s: %w", g.ID, passID, err)
	}

	g.mu.Lock()
	defer g.mu.Unlock()
	if offline {
		var ok bool
		if p, ok = g.cache[passID]; !ok {
			err = ErrUnknownPass
		} else {
			err = nil
		}
	} else {
		g.cache[passID] = p
	}
	if err == nil {
		err = validate(p, g.Lift, now)
	}
	if last, ok := g.lastEntry[passID]; err == nil && ok && now.Sub(last) < g.passback {
		err = ErrPassback
	}

	s := Scan{PassID: passID, GateID: g.ID, Lift: g.Lift, At: now, Allowed: err == nil, Offline: offline}
	if err != nil {
		s.Reason = err.Error()
	} else {
		g.lastEntry[passID] = now
	}
	if offline {
		g.backlog = append(g.backlog, s)
	}
	if err != nil {
		return s, fmt.Errorf("gate %s: pass %s: %w", g.ID, passID, err)
	}
	return s, nil
}

// SetWaiting records the queue sensor's count of riders in the maze.
func (g *Gate) SetWaiting(n int) {
	g.mu.Lock()
	g.waiting = n
	g.mu.Unlock()
}

// Backlog returns how many offline scans await upload.
func (g *Gate) Backlog() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.backlog)
}

// beginSync claims the gate's backlog for upload. It reports false if there
// is nothing to upload or another upload of this gate is in progress.
func (g *Gate) beginSync() ([]Scan, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.syncing || len(g.backlog) == 0 {
		return nil, false
	}
	g.syncing = true
	return append([]Scan(nil), g.backlog...), true
}

// endSync releases the claim taken by beginSync, dropping the first n
// scans of the backlog if the upload succeeded.
func (g *Gate) endSync(n int, err error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.syncing = false
	if err == nil {
		g.backlog = g.backlog[n:]
	}
}
