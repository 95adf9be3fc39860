// Package gc removes untagged image manifests from a container registry.
//
// Repositories are swept concurrently; the first repository that cannot be
// swept aborts the run so that an operator can look at it before anything
// else is deleted.
package gc

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"
)

// Manifest describes one image manifest stored in a repository.
type Manifest struct {
	Digest string
	Tags   []string
	Pushed time.Time
}

// Registry is the part of the registry API the collector needs.
type Registry interface {
	Repositories(ctx context.Context) ([]string, error)
	Manifests(ctx context.Context, repo string) ([]Manifest, error)
	DeleteManifest(ctx context.Context, repo, digest string) error
}

// Options controls a collection run. The zero value is usable.
type Options struct {
	// Workers is how many repositories are swept at once (default 4).
	Workers int
	// Grace keeps untagged manifests younger than this (default 24h).
	Grace time.Duration
	// DryRun reports what would be deleted without deleting it.
	DryRun bool
	// Now returns the current time (default time.Now).
	Now func() time.Time
}

func (o Options) withDefaults() Options {
	if o.Workers <= 0 {
		o.Workers = 4
	}
	if o.Grace <= 0 {
		o.Grace = 24 * time.Hour
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// Report summarises a collection run.
type Report struct {
	Repositories int
	Scanned      int
	Deleted      []string // repo@digest, sorted
}

// RepoError tells which repository stopped the run.
type RepoError struct {
	Repo string
	Err  error
}

func (e *RepoError) Error() string { return fmt.Sprintf("gc: repository %s: %v", e.Repo, e.Err) }
func (e *RepoError) Unwrap() error { return e.Err }

// Collect sweeps every repository of reg and returns what it deleted. On
// failure the partial report is returned together with the first error.
func Collect(ctx context.Context, reg Registry, opts Options) (*Report, error) {
	opts = opts.withDefaults()
	repos, err := reg.Repositories(ctx)
	if err != nil {
		return nil, fmt.Errorf("gc: list repositories: %w", err)
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	names := feed(ctx, repos)

	var (
		mu       sync.Mutex
		wg       sync.WaitGroup
		report   = &Report{Repositories: len(repos)}
		firstErr error
	)
	for i := 0; i < opts.Workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for repo := range names {
				res, err := sweep(ctx, reg, repo, opts)
				mu.Lock()
				report.Scanned += res.scanned
				report.Deleted = append(report.Deleted, res.deleted...)
				if err != nil && firstErr == nil {
					firstErr = &RepoError{Repo: repo, Err: err}
					cancel()
				}
				mu.Unlock()
				if err != nil {
					return
				}
			}
		}()
	}
	wg.Wait()

	sort.Strings(report.Deleted)
	if firstErr != nil && !errors.Is(firstErr, context.Canceled) {
		return report, firstErr
	}
	return report, ctx.Err()
}
