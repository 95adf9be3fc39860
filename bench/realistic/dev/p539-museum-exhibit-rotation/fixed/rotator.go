package rotation

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

// Config configures a Rotator.
type Config struct {
	Catalog Catalog
	Movers  Movers
	// Storage is the catalogue location of the object store.
	Storage string
	// Crews is how many objects can be handled at the same time.
	Crews  int
	Logger *log.Logger
	Now    func() time.Time
}

// Rotator carries out rotation plans.
type Rotator struct {
	cfg   Config
	crews chan struct{}
}

// New returns a Rotator.
func New(cfg Config) (*Rotator, error) {
	if cfg.Catalog == nil || cfg.Movers == nil {
		return nil, errors.New("rotation: Catalog and Movers are required")
	}
	if cfg.Storage == "" {
		cfg.Storage = "storage"
	}
	if cfg.Crews <= 0 {
		cfg.Crews = 2
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Rotator{cfg: cfg, crews: make(chan struct{}, cfg.Crews)}, nil
}

// Report summarises a rotation.
type Report struct {
	Plan        string
	Deinstalled []ExhibitID
	Installed   []ExhibitID
	Took        time.Duration
}

// wallSpace tracks the free slots of one gallery while objects come and go.
type wallSpace struct {
	gallery string
	mu      sync.Mutex
	cond    *sync.Cond
	free    int
	aborted error
}

func newWallSpace(g Gallery) *wallSpace {
	s := &wallSpace{gallery: g.Name, free: g.Slots - g.Occupied}
	s.cond = sync.NewCond(&s.mu)
	return s
}

func (s *wallSpace) release(n int) {
	s.mu.Lock()
	s.free += n
	s.mu.Unlock()
	s.cond.Broadcast()
}

func (s *wallSpace) take(n int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.free < n && s.aborted == nil {
		s.cond.Wait()
	}
	if s.aborted != nil {
		return fmt.Errorf("waiting for %d slots in %s: %w", n, s.gallery, s.aborted)
	}
	s.free -= n
	return nil
}

// abortOn wakes every task waiting for space once ctx is done.
func (s *wallSpace) abortOn(ctx context.Context) {
	<-ctx.Done()
	s.mu.Lock()
	s.aborted = ctx.Err()
	s.mu.Unlock()
	s.cond.Broadcast()
}

func (r *Rotator) withCrew(ctx context.Context, f func() error) error {
	select {
	case r.crews <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-r.crews }()
	return f()
}

// Rotate carries out plan. Objects leave and enter galleries concurrently; an
// incoming object waits until enough wall space has been freed. The first
// failure stops the rotation.
func (r *Rotator) Rotate(ctx context.Context, plan Plan) (*Report, error) {
	start := r.cfg.Now()
	swaps, err := resolve(ctx, r.cfg.Catalog, plan, r.cfg.Storage, start)
	if err != nil {
		return nil, err
	}

	var (
		mu     sync.Mutex
		report = &Report{Plan: plan.Name}
	)
	g, gctx := newTaskGroup(ctx)
	for _, sw := range swaps {
		space := newWallSpace(sw.gallery)
		go space.abortOn(gctx)
		gallery := sw.gallery.Name

		for _, e := range sw.out {
			e := e
			g.Go("deinstall "+string(e.ID), func() error {
				err := r.withCrew(gctx, func() error { return r.cfg.Movers.Deinstall(gctx, gallery, e) })
				if err != nil {
					return err
				}
				if err := r.cfg.Catalog.Relocate(gctx, e.ID, r.cfg.Storage); err != nil {
					return fmt.Errorf("catalogue: %w", err)
				}
				space.release(e.Slots)
				mu.Lock()
				report.Deinstalled = append(report.Deinstalled, e.ID)
				mu.Unlock()
				return nil
			})
		}
		for _, e := range sw.in {
			e := e
			g.Go("install "+string(e.ID), func() error {
				if err := space.take(e.Slots); err != nil {
					return err
				}
				err := r.withCrew(gctx, func() error { return r.cfg.Movers.Install(gctx, gallery, e) })
				if err != nil {
					return err
				}
				if err := r.cfg.Catalog.Relocate(gctx, e.ID, gallery); err != nil {
					return fmt.Errorf("catalogue: %w", err)
				}
				mu.Lock()
				report.Installed = append(report.Installed, e.ID)
				mu.Unlock()
				return nil
			})
		}
	}

	err = g.Wait()
	report.Took = r.cfg.Now().Sub(start)
	sort.Slice(report.Deinstalled, func(i, j int) bool { return report.Deinstalled[i] < report.Deinstalled[j] })
	sort.Slice(report.Installed, func(i, j int) bool { return report.Installed[i] < report.Installed[j] })
	if err != nil {
		r.cfg.Logger.Printf("rotation %s failed after %s: %v", plan.Name, report.Took, err)
		return report, fmt.Errorf("rotation %s: %w", plan.Name, err)
	}
	r.cfg.Logger.Printf("rotation %s: %d out, %d in, %s", plan.Name,
		len(report.Deinstalled), len(report.Installed), report.Took)
	return report, nil
}
