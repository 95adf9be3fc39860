package stocksync

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
)

// Warehouse is the remote inventory API of one site.
type Warehouse interface {
	Counts(ctx context.Context, site string) (map[string]int, error)
}

// Syncer pulls stock levels from every site into one aggregated view.
type Syncer struct {
	api   Warehouse
	sites []string

	mu     sync.Mutex
	stock  map[string]int
	bySite map[string]map[string]int
}

// New returns a Syncer for the given sites.
func New(api Warehouse, sites ...string) *Syncer {
	s := append([]string(nil), sites...)
	sort.Strings(s)
	return &Syncer{api: api, sites: s, stock: map[string]int{}, bySite: map[string]map[string]int{}}
}

// ErrNoSites is returned by Sync when the Syncer has nothing to do.
var ErrNoSites = errors.New("stocksync: no sites configured")

// Sync refreshes all sites concurrently. On the first failure the others are
// cancelled and the error is returned; the previous view is kept.
func (s *Syncer) Sync(ctx context.Context) error {
	if len(s.sites) == 0 {
		return ErrNoSites
	}
	results := make([]map[string]int, len(s.sites))
	g := newFanout(ctx)
	for i, site := range s.sites {
		i, site := i, site
		g.Go(func(ctx context.Context) error {
			c, err := s.api.Counts(ctx, site)
			if err != nil {
				return fmt.Errorf("stocksync: site %s: %w", site, err)
			}
			results[i] = c
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}

	total := map[string]int{}
	bySite := make(map[string]map[string]int, len(s.sites))
	for i, site := range s.sites {
		bySite[site] = results[i]
		for sku, n := range results[i] {
			total[sku] += n
		}
	}
	s.mu.Lock()
	s.stock, s.bySite = total, bySite
	s.mu.Unlock()
	return nil
}

// Available returns the aggregated stock for sku.
func (s *Syncer) Available(sku string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stock[sku]
}
