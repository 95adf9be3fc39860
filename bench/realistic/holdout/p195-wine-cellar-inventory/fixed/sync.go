package cellar

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// WarehouseClient talks to the warehouse management systems.
type WarehouseClient interface {
	// StockLevels returns the cases on hand per SKU at a warehouse.
	StockLevels(ctx context.Context, warehouseID string) (map[SKU]int, error)
}

// WarehouseConfig describes one bonded warehouse.
type WarehouseConfig struct {
	ID   string
	Name string
	// Maintenance windows during which the warehouse's WMS is offline
	// (stocktakes, upgrades). The warehouse is not polled inside a window
	// and keeps its last known levels.
	Maintenance []Window
}

// Window is a half-open time interval [Start, End).
type Window struct {
	Start, End time.Time
}

func (w WarehouseConfig) inMaintenance(t time.Time) bool {
	for _, win := range w.Maintenance {
		if !t.Before(win.Start) && t.Before(win.End) {
			return true
		}
	}
	return false
}

// SyncError reports the warehouses that could not be synced.
type SyncError struct {
	Failed map[string]error
}

func (e *SyncError) Error() string {
	return fmt.Sprintf("cellar: %d warehouses failed to sync", len(e.Failed))
}

type syncResult struct {
	levels  map[SKU]int
	err     error
	skipped bool
}

// SyncNow polls every warehouse that is not in maintenance concurrently and
// replaces their stock levels.
func (s *Service) SyncNow(ctx context.Context) error {
	now := s.cfg.Clock.Now()
	results := make([]syncResult, len(s.cfg.Warehouses))

	var wg sync.WaitGroup
	for i, w := range s.cfg.Warehouses {
		if w.inMaintenance(now) {
			results[i] = syncResult{skipped: true}
			continue
		}
		wg.Add(1)
		go func(i int, w WarehouseConfig) {
			defer wg.Done()
			wctx, cancel := context.WithTimeout(ctx, s.cfg.SyncTimeout)
			defer cancel()
			levels, err := s.client.StockLevels(wctx, w.ID)
			if err != nil {
				err = fmt.Errorf("warehouse %s: %w", w.ID, err)
			}
			results[i] = syncResult{levels: levels, err: err}
		}(i, w)
	}
	wg.Wait()

	var failed map[string]error
	s.mu.Lock()
	for i, w := range s.cfg.Warehouses {
		r := results[i]
		switch {
		case r.skipped:
			s.cfg.Logger.Printf("warehouse %s in maintenance, keeping levels from %s", w.ID, s.lastSync[w.ID])
		case r.err != nil:
			if failed == nil {
				failed = make(map[string]error)
			}
			failed[w.ID] = r.err
		default:
			s.onHand[w.ID] = r.levels
			s.lastSync[w.ID] = now
		}
	}
	s.mu.Unlock()

	if failed != nil {
		return &SyncError{Failed: failed}
	}
	return nil
}

func (s *Service) syncLoop(ctx context.Context) {
	t := s.cfg.Clock.NewTicker(s.cfg.SyncInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C():
			if err := s.SyncNow(ctx); err != nil {
				s.cfg.Logger.Printf("warehouse sync: %v", err)
			}
		}
	}
}
