package gate

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"time"
)

// Gate validates tickets at the big-top entrance and keeps the occupancy
// board up to date.
type Gate struct {
	cfg    Config
	store  TicketStore
	board  Board
	roster *roster

	admitted atomic.Int64
	rejected atomic.Int64
	exits    atomic.Int64

	stop context.CancelFunc
	done <-chan struct{}
}

// Stats are the gate counters scraped by the metrics endpoint.
type Stats struct {
	Admitted int64
	Rejected int64
	Exits    int64
}

// New returns a running Gate. Call Close when the doors shut.
func New(store TicketStore, board Board, cfg Config) (*Gate, error) {
	if store == nil || board == nil {
		return nil, fmt.Errorf("gate: ticket store and board are required")
	}
	if cfg.Show == "" || cfg.Capacity <= 0 {
		return nil, fmt.Errorf("gate: show and capacity are required")
	}
	g := &Gate{
		cfg:    cfg.withDefaults(),
		store:  store,
		board:  board,
		roster: newRoster(),
	}
	ctx, cancel := context.WithCancel(context.Background())
	g.stop = cancel
	g.done = g.startReporter(ctx)
	return g, nil
}

func (g *Gate) reject(code string, err error) (Admission, error) {
	g.rejected.Add(1)
	g.cfg.Logger.Printf("reject %s: %v", code, err)
	return Admission{}, err
}

// Admit scans a barcode at the entrance.
func (g *Gate) Admit(ctx context.Context, code string) (Admission, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	if code == "" {
		return g.reject(code, ErrUnreadable)
	}

	lctx, cancel := context.WithTimeout(ctx, g.cfg.LookupTimeout)
	t, err := g.store.Lookup(lctx, code)
	cancel()
	if err != nil {
		return g.reject(code, fmt.Errorf("gate: lookup %s: %w", code, err))
	}
	if t.Show != g.cfg.Show {
		return g.reject(code, fmt.Errorf("%w: %s", ErrWrongShow, t.Show))
	}

	now := g.cfg.Now()
	r := g.roster
	r.mu.Lock()
	e, seen := r.entries[code]
	switch {
	case seen && e.inside:
		r.mu.Unlock()
		return g.reject(code, ErrAlreadyInside)
	case seen && !t.Reentry:
		r.mu.Unlock()
		return g.reject(code, ErrNoReentry)
	case seen && now.Sub(e.exitedAt) < g.cfg.ReentryCooldown:
		wait := g.cfg.ReentryCooldown - now.Sub(e.exitedAt)
		return g.reject(code, fmt.Errorf("%w: try again in %s", ErrReentryTooSoon, wait.Round(time.Second)))
	}

	if t.Kind == KindChild {
		adult, ok := r.entries[t.AccompaniedBy]
		if !ok || !adult.inside {
			r.mu.Unlock()
			return g.reject(code, ErrUnaccompanied)
		}
	}
	if r.inside >= g.cfg.Capacity && t.Kind != KindCrew {
		r.mu.Unlock()
		return g.reject(code, ErrAtCapacity)
	}

	if !seen {
		e = &entry{section: t.Section}
		r.entries[code] = e
	}
	e.inside = true
	e.admittedAt = now
	e.scans++
	r.inside++
	r.bySection[e.section]++
	r.mu.Unlock()

	g.admitted.Add(1)
	return Admission{Code: code, Section: t.Section, Kind: t.Kind, Return: seen, At: now}, nil
}

// Exit scans a ticket out through the pass-out lane.
func (g *Gate) Exit(code string) error {
	code = strings.ToUpper(strings.TrimSpace(code))
	r := g.roster
	r.mu.Lock()
	defer r.mu.Unlock()
	e, ok := r.entries[code]
	if !ok || !e.inside {
		return fmt.Errorf("%w: %s", ErrNotInside, code)
	}
	e.inside = false
	e.exitedAt = g.cfg.Now()
	r.inside--
	r.bySection[e.section]--
	g.exits.Add(1)
	return nil
}

// Stats returns the gate counters.
func (g *Gate) Stats() Stats {
	return Stats{
		Admitted: g.admitted.Load(),
		Rejected: g.rejected.Load(),
		Exits:    g.exits.Load(),
	}
}

// Close stops the occupancy reporter after a final update to the board.
func (g *Gate) Close(ctx context.Context) error {
	g.stop()
	select {
	case <-g.done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("gate: close: %w", ctx.Err())
	}
}
