package catalog

import (
	"context"
	"sort"
	"time"
)

// Snapshot is a consistent copy of the catalog at one version.
type Snapshot struct {
	Version   uint64
	Taken     time.Time
	Specimens []*Specimen
}

// Store persists snapshots, typically to the collections database or to a
// file on the museum's share.
type Store interface {
	Save(ctx context.Context, snap Snapshot) error
}

// Snapshot copies the whole catalog.
func (c *Catalog) Snapshot() Snapshot {
	c.mu.RLock()
	defer c.mu.RUnlock()
	snap := Snapshot{
		Version:   c.version,
		Taken:     c.cfg.Now(),
		Specimens: make([]*Specimen, 0, len(c.items)),
	}
	for _, sp := range c.items {
		snap.Specimens = append(snap.Specimens, sp.clone())
	}
	sort.Slice(snap.Specimens, func(i, j int) bool {
		return snap.Specimens[i].Accession < snap.Specimens[j].Accession
	})
	return snap
}

func (c *Catalog) currentVersion() uint64 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.version
}

// StartAutosave saves a snapshot to store every interval whenever the
// catalog has changed, and once more when ctx is cancelled.
func (c *Catalog) StartAutosave(ctx context.Context, store Store, every time.Duration) {
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		var saved uint64

		save := func(ctx context.Context) {
			if c.currentVersion() == saved {
				return
			}
			snap := c.Snapshot()
			if err := store.Save(ctx, snap); err != nil {
				c.log.Printf("autosave of version %d failed: %v", snap.Version, err)
				return
			}
			saved = snap.Version
		}

		for {
			select {
			case <-t.C:
				save(ctx)
			case <-ctx.Done():
				final, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				save(final)
				cancel()
				c.log.Printf("autosave stopped at version %d", saved)
				return
			}
		}
	}()
}
