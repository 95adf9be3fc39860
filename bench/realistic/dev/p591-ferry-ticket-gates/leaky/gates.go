package boarding

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sort"
	"sync"
	"time"
)

// Config configures a Terminal.
type Config struct {
	Bookings Bookings
	Display  Display
	Logger   *log.Logger
	Now      func() time.Time
	// ScanRetry is how long a gate pauses after a scanner fault.
	ScanRetry time.Duration
}

// GateStats counts outcomes at one gate.
type GateStats struct {
	Admitted int
	Rejected int
	Refused  int // valid ticket, but boarding closed before a seat was free
	Faults   int
}

// Terminal operates a set of ticket gates for one sailing at a time.
type Terminal struct {
	cfg Config

	mu    sync.Mutex
	stats map[string]*GateStats
}

// NewTerminal validates cfg and returns a terminal.
func NewTerminal(cfg Config) (*Terminal, error) {
	if cfg.Bookings == nil {
		return nil, errors.New("boarding: Config.Bookings is required")
	}
	if cfg.Display == nil {
		cfg.Display = nopDisplay{}
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.ScanRetry <= 0 {
		cfg.ScanRetry = 250 * time.Millisecond
	}
	return &Terminal{cfg: cfg, stats: make(map[string]*GateStats)}, nil
}

// OpenGates starts one goroutine per gate, each admitting passengers onto
// the sailing until its scanner reports io.EOF, ctx is done or boarding
// closes.
func (t *Terminal) OpenGates(ctx context.Context, s *Sailing, gates map[string]Scanner) error {
	if len(gates) == 0 {
		return errors.New("boarding: no gates to open")
	}
	names := make([]string, 0, len(gates))
	for name := range gates {
		names = append(names, name)
	}
	sort.Strings(names)

	t.mu.Lock()
	for _, name := range names {
		if _, ok := t.stats[name]; ok {
			t.mu.Unlock()
			return fmt.Errorf("boarding: gate %s is already open", name)
		}
	}
	for _, name := range names {
		t.stats[name] = &GateStats{}
	}
	t.mu.Unlock()

	for _, name := range names {
		go t.runGate(ctx, name, gates[name], s)
	}
	t.cfg.Logger.Printf("sailing %s: %d gates open", s.ID, len(names))
	return nil
}

func (t *Terminal) runGate(ctx context.Context, gate string, sc Scanner, s *Sailing) {
	disp := t.cfg.Display
	disp.Show(gate, "Please scan your ticket")
	for {
		tk, err := sc.Next(ctx)
		switch {
		case errors.Is(err, io.EOF):
			disp.Show(gate, "Gate closed")
			return
		case err != nil:
			if ctx.Err() != nil {
				return
			}
			t.count(gate, func(g *GateStats) { g.Faults++ })
			t.cfg.Logger.Printf("gate %s: scanner fault: %v", gate, err)
			select {
			case <-time.After(t.cfg.ScanRetry):
			case <-ctx.Done():
				return
			}
			continue
		}

		if err := checkTicket(tk, s.ID, t.cfg.Now()); err != nil {
			t.reject(gate, tk, err)
			continue
		}
		if err := t.cfg.Bookings.Redeem(ctx, tk); err != nil {
			t.reject(gate, tk, err)
			continue
		}

		if st := s.Status(); st.Onboard+st.Held >= st.Capacity {
			disp.Show(gate, "Vessel full - please wait")
		}
		if err := s.board(tk); err != nil {
			t.count(gate, func(g *GateStats) { g.Refused++ })
			disp.Show(gate, "Boarding closed - see ticket office")
			if rerr := t.releaseTicket(ctx, tk); rerr != nil {
				t.cfg.Logger.Printf("gate %s: could not reinstate %s: %v", gate, tk.Code, rerr)
			}
			return
		}
		t.count(gate, func(g *GateStats) { g.Admitted++ })
		disp.Show(gate, "Welcome aboard")
	}
}

func (t *Terminal) releaseTicket(ctx context.Context, tk Ticket) error {
	r, ok := t.cfg.Bookings.(interface {
		Reinstate(context.Context, Ticket) error
	})
	if !ok {
		return nil
	}
	return r.Reinstate(ctx, tk)
}

func (t *Terminal) reject(gate string, tk Ticket, err error) {
	t.count(gate, func(g *GateStats) { g.Rejected++ })
	t.cfg.Display.Show(gate, "Ticket not valid - see staff")
	t.cfg.Logger.Printf("gate %s: rejected %s: %v", gate, tk.Code, err)
}

func (t *Terminal) count(gate string, f func(*GateStats)) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if g, ok := t.stats[gate]; ok {
		f(g)
	}
}

// Stats returns a copy of the per-gate counters.
func (t *Terminal) Stats() map[string]GateStats {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make(map[string]GateStats, len(t.stats))
	for k, v := range t.stats {
		out[k] = *v
	}
	return out
}
