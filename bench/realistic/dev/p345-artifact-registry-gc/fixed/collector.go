// Package registrygc implements mark-and-sweep garbage collection for a
// content-addressed artifact registry.
//
// The collector first walks every manifest in the registry and marks the
// blobs they reference (config, layers and, for image indexes, the child
// manifests). It then lists all stored blobs and hands every unreferenced
// blob that is older than the configured minimum age to a pool of parallel
// deleters.
package registrygc

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
	"time"
)

// Manifest is the subset of a stored manifest the collector needs.
type Manifest struct {
	Repository string
	Digest     string
	Config     string
	Layers     []string
	// Children lists the manifests referenced by an image index.
	Children []string
}

// Blob describes a stored blob.
type Blob struct {
	Digest  string
	Size    int64
	ModTime time.Time
}

// Store is the registry's backing storage, as seen by the collector.
type Store interface {
	// ListManifests returns one page of manifests starting at cursor. An
	// empty next cursor means the listing is complete.
	ListManifests(ctx context.Context, cursor string, limit int) (page []Manifest, next string, err error)
	// ListBlobs returns one page of blobs starting at cursor. An empty next
	// cursor means the listing is complete.
	ListBlobs(ctx context.Context, cursor string, limit int) (page []Blob, next string, err error)
	// DeleteBlob removes a blob. Deleting a missing blob returns ErrNotFound.
	DeleteBlob(ctx context.Context, digest string) error
}

// Clock abstracts time so that age checks can be tested.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// ErrNotFound is returned by Store.DeleteBlob when the blob is already gone.
var ErrNotFound = errors.New("registrygc: blob not found")

// ErrTransient may be wrapped by Store errors that are worth retrying.
var ErrTransient = errors.New("registrygc: transient storage error")

// Config controls a Collector.
type Config struct {
	// Store is required.
	Store Store
	// Clock defaults to the system clock.
	Clock Clock
	// Deleters is the number of parallel delete workers (default 4).
	Deleters int
	// PageSize is the listing page size (default 500).
	PageSize int
	// MinAge protects recently uploaded blobs that may belong to a push
	// still in progress (default 1h).
	MinAge time.Duration
	// DeleteAttempts is how many times a transient delete failure is tried
	// (default 3).
	DeleteAttempts int
	// DryRun reports what would be deleted without deleting anything.
	DryRun bool
	// Logger defaults to log.Default().
	Logger *log.Logger
}

// Report summarises one collection run.
type Report struct {
	Manifests  int
	Marked     int
	Scanned    int
	TooYoung   int
	Deleted    int
	FreedBytes int64
	Failed     []string
	Duration   time.Duration
}

// Collector runs garbage collection passes. A Collector may be reused but
// runs are serialised.
type Collector struct {
	cfg   Config
	store Store
	clock Clock
	log   *log.Logger

	mu sync.Mutex // serialises Run
}

// New validates cfg, applies defaults and returns a Collector.
func New(cfg Config) (*Collector, error) {
	if cfg.Store == nil {
		return nil, errors.New("registrygc: Config.Store is required")
	}
	if cfg.Clock == nil {
		cfg.Clock = systemClock{}
	}
	if cfg.Deleters <= 0 {
		cfg.Deleters = 4
	}
	if cfg.PageSize <= 0 {
		cfg.PageSize = 500
	}
	if cfg.MinAge == 0 {
		cfg.MinAge = time.Hour
	}
	if cfg.DeleteAttempts <= 0 {
		cfg.DeleteAttempts = 3
	}
	if cfg.Logger == nil {
		cfg.Logger = log.Default()
	}
	return &Collector{cfg: cfg, store: cfg.Store, clock: cfg.Clock, log: cfg.Logger}, nil
}

// Run performs one full mark-and-sweep pass.
func (c *Collector) Run(ctx context.Context) (Report, error) {
	c.mu.Lock()
	defer c.mu.Unlock()

	start := c.clock.Now()
	var rep Report
	live, err := c.mark(ctx, &rep)
	if err != nil {
		return rep, fmt.Errorf("registrygc: mark: %w", err)
	}
	if err := c.sweep(ctx, live, start, &rep); err != nil {
		return rep, fmt.Errorf("registrygc: sweep: %w", err)
	}
	rep.Duration = c.clock.Now().Sub(start)
	c.log.Printf("registrygc: scanned %d blobs, deleted %d (%d bytes), %d failures",
		rep.Scanned, rep.Deleted, rep.FreedBytes, len(rep.Failed))
	return rep, nil
}

// mark walks every manifest and returns the set of referenced digests.
func (c *Collector) mark(ctx context.Context, rep *Report) (map[string]struct{}, error) {
	live := make(map[string]struct{})
	cursor := ""
	for {
		page, next, err := c.store.ListManifests(ctx, cursor, c.cfg.PageSize)
		if err != nil {
			return nil, fmt.Errorf("list manifests at %q: %w", cursor, err)
		}
		for _, m := range page {
			rep.Manifests++
			live[m.Digest] = struct{}{}
			if m.Config != "" {
				live[m.Config] = struct{}{}
			}
			for _, l := range m.Layers {
				live[l] = struct{}{}
			}
			for _, ch := range m.Children {
				live[ch] = struct{}{}
			}
		}
		if next == "" {
			break
		}
		cursor = next
	}
	rep.Marked = len(live)
	return live, nil
}
