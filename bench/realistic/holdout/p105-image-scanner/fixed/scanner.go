// Package imagescan scans container images for packages with known
// vulnerabilities. It fetches an image manifest, unpacks every layer
// concurrently to find the operating system package databases, and then
// checks each installed package against a vulnerability database.
package imagescan

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
)

// Layer describes one filesystem layer of an image.
type Layer struct {
	Digest    string
	MediaType string
}

// Manifest is the subset of an image manifest the scanner needs.
type Manifest struct {
	Ref    string
	Layers []Layer
}

// Registry resolves image references to manifests and serves layer blobs.
type Registry interface {
	Manifest(ctx context.Context, ref string) (Manifest, error)
	OpenBlob(ctx context.Context, digest string) (io.ReadCloser, error)
}

// VulnDB looks up advisories that affect a given package version.
type VulnDB interface {
	Lookup(ctx context.Context, pkg Package) ([]Advisory, error)
}

// Advisory is a single published vulnerability.
type Advisory struct {
	ID       string
	Severity string
	FixedIn  string
}

// Finding ties an advisory to the package it affects.
type Finding struct {
	Package  Package
	Advisory Advisory
}

// Report is the result of scanning one image.
type Report struct {
	Ref      string
	Packages []Package
	Findings []Finding
}

// Config controls a Scanner. The zero value of each optional field selects
// a sensible default.
type Config struct {
	Registry Registry
	DB       VulnDB
	// LayerWorkers bounds how many layers are unpacked at once.
	LayerWorkers int
	// LookupWorkers bounds concurrent vulnerability database lookups.
	LookupWorkers int
}

// Scanner scans images. It is safe for concurrent use.
type Scanner struct {
	cfg Config
}

// New returns a Scanner configured by cfg.
func New(cfg Config) (*Scanner, error) {
	if cfg.Registry == nil || cfg.DB == nil {
		return nil, errors.New("imagescan: registry and vulnerability database are required")
	}
	if cfg.LayerWorkers <= 0 {
		cfg.LayerWorkers = 4
	}
	if cfg.LookupWorkers <= 0 {
		cfg.LookupWorkers = 8
	}
	return &Scanner{cfg: cfg}, nil
}

// Scan scans the image identified by ref.
func (s *Scanner) Scan(ctx context.Context, ref string) (*Report, error) {
	m, err := s.cfg.Registry.Manifest(ctx, ref)
	if err != nil {
		return nil, fmt.Errorf("imagescan: manifest %s: %w", ref, err)
	}
	pkgs, err := s.unpackAll(ctx, m.Layers)
	if err != nil {
		return nil, fmt.Errorf("imagescan: %s: %w", ref, err)
	}
	findings, err := s.checkAll(ctx, pkgs)
	if err != nil {
		return nil, fmt.Errorf("imagescan: %s: %w", ref, err)
	}
	return &Report{Ref: m.Ref, Packages: pkgs, Findings: findings}, nil
}

// unpackAll scans every layer with a bounded pool of workers and stops at the
// first layer that fails.
func (s *Scanner) unpackAll(ctx context.Context, layers []Layer) ([]Package, error) {
	results := make([][]Package, len(layers))
	err := parallel(ctx, len(layers), s.cfg.LayerWorkers, func(ctx context.Context, i int) error {
		pkgs, err := s.scanLayer(ctx, layers[i])
		results[i] = pkgs
		return err
	})
	if err != nil {
		return nil, err
	}

	// Package databases are rewritten in full, so the topmost layer that
	// carries one describes the final image.
	for i := len(results) - 1; i >= 0; i-- {
		if len(results[i]) > 0 {
			return results[i], nil
		}
	}
	return nil, nil
}

// scanLayer opens one layer blob and extracts the packages recorded in it.
func (s *Scanner) scanLayer(ctx context.Context, l Layer) ([]Package, error) {
	blob, err := s.cfg.Registry.OpenBlob(ctx, l.Digest)
	if err != nil {
		return nil, fmt.Errorf("layer %s: %w", l.Digest, err)
	}
	rc, err := openLayer(blob, l)
	if err != nil {
		return nil, fmt.Errorf("layer %s: %w", l.Digest, err)
	}
	defer rc.Close()
	pkgs, err := extractPackages(ctx, rc)
	if err != nil {
		return nil, fmt.Errorf("layer %s: %w", l.Digest, err)
	}
	return pkgs, nil
}

// checkAll looks up every package in the vulnerability database. Findings
// are returned in package order.
func (s *Scanner) checkAll(ctx context.Context, pkgs []Package) ([]Finding, error) {
	advisories := make([][]Advisory, len(pkgs))
	err := parallel(ctx, len(pkgs), s.cfg.LookupWorkers, func(ctx context.Context, i int) error {
		advs, err := s.cfg.DB.Lookup(ctx, pkgs[i])
		if err != nil {
			return fmt.Errorf("lookup %s/%s@%s: %w", pkgs[i].Ecosystem, pkgs[i].Name, pkgs[i].Version, err)
		}
		advisories[i] = advs
		return nil
	})
	if err != nil {
		return nil, err
	}
	var findings []Finding
	for i, p := range pkgs {
		for _, a := range advisories[i] {
			findings = append(findings, Finding{Package: p, Advisory: a})
		}
	}
	return findings, nil
}

// parallel calls fn(ctx, i) for every i in [0, n) on at most workers
// goroutines. After the first failure no further calls are started, the
// context passed to running calls is cancelled, and that error is returned.
func parallel(ctx context.Context, n, workers int, fn func(ctx context.Context, i int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	idx := make(chan int)
	var (
		wg       sync.WaitGroup
		once     sync.Once
		firstErr error
	)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range idx {
				if err := fn(ctx, i); err != nil {
					once.Do(func() {
						firstErr = err
						cancel()
					})
				}
			}
		}()
	}
feed:
	for i := 0; i < n; i++ {
		select {
		case idx <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(idx)
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	return ctx.Err()
}
