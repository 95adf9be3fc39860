package gate

import (
	"context"
	"sync"
	"time"
)

type entry struct {
	section    string
	inside     bool
	admittedAt time.Time
	exitedAt   time.Time
	scans      int
}

// roster tracks who is inside the tent.
type roster struct {
	mu        sync.Mutex
	entries   map[string]*entry
	inside    int
	bySection map[string]int
}

func newRoster() *roster {
	return &roster{
		entries:   make(map[string]*entry),
		bySection: make(map[string]int),
	}
}

func (r *roster) snapshot() (int, map[string]int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	by := make(map[string]int, len(r.bySection))
	for s, n := range r.bySection {
		if n > 0 {
			by[s] = n
		}
	}
	return r.inside, by
}

// startReporter pushes occupancy to the board every ReportInterval, and once
// more when ctx is cancelled. The returned channel is closed when it stops.
func (g *Gate) startReporter(ctx context.Context) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		ticker := time.NewTicker(g.cfg.ReportInterval)
		defer ticker.Stop()
		for {
			select {
			case <-ticker.C:
				g.publish(ctx)
			case <-ctx.Done():
				final, cancel := context.WithTimeout(context.Background(), g.cfg.LookupTimeout)
				g.publish(final)
				cancel()
				return
			}
		}
	}()
	return done
}

func (g *Gate) publish(ctx context.Context) {
	inside, by := g.roster.snapshot()
	o := Occupancy{
		Show:      g.cfg.Show,
		Inside:    inside,
		Capacity:  g.cfg.Capacity,
		BySection: by,
		At:        g.cfg.Now(),
	}
	if err := g.board.Publish(ctx, o); err != nil {
		g.cfg.Logger.Printf("occupancy board: %v", err)
	}
}
