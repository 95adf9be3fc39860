// Package imagescan scans container images for known vulnerabilities.
//
// A scan pulls every layer of an image from a registry, extracts the files
// that the configured analyzers understand (package databases and the like),
// analyzes them in parallel and matches the discovered packages against a
// vulnerability database.
package imagescan

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
)

// Errors returned by the scanner.
var (
	ErrFileTooLarge   = errors.New("file exceeds scan size limit")
	ErrDigestMismatch = errors.New("layer digest mismatch")
)

// Package is an installed package discovered inside an image.
type Package struct {
	Ecosystem string
	Name      string
	Version   string
	Source    string // path of the file the package was found in
	Layer     string // digest of the layer that contributed Source
}

// Vulnerability is an advisory affecting a package version.
type Vulnerability struct {
	ID       string
	Severity string // LOW, MEDIUM, HIGH or CRITICAL
	FixedIn  string
}

// VulnDB looks up advisories for a package version.
type VulnDB interface {
	Lookup(ctx context.Context, pkg Package) ([]Vulnerability, error)
}

// Analyzer extracts installed packages from files found in an image.
type Analyzer interface {
	Wants(path string) bool // path is relative, without a leading slash
	Analyze(ctx context.Context, f File) ([]Package, error)
}

// Finding pairs a package with a vulnerability that affects it.
type Finding struct {
	Package       Package
	Vulnerability Vulnerability
}

// Report is the result of scanning one image.
type Report struct {
	Reference    string
	Layers       int
	FilesScanned int
	Findings     []Finding
}

// Option configures a Scanner.
type Option func(*Scanner)

// WithWorkers sets how many files are analyzed concurrently.
func WithWorkers(n int) Option {
	return func(s *Scanner) {
		if n > 0 {
			s.workers = n
		}
	}
}

// WithMaxFileSize limits the size of a single file the scanner will load into
// memory. Scans of images that contain a larger analyzable file fail.
func WithMaxFileSize(n int64) Option {
	return func(s *Scanner) {
		if n > 0 {
			s.maxFileSize = n
		}
	}
}

// WithAnalyzers replaces the default analyzers.
func WithAnalyzers(a ...Analyzer) Option {
	return func(s *Scanner) { s.analyzers = a }
}

// Scanner scans images. It is safe for concurrent use.
type Scanner struct {
	registry    Registry
	db          VulnDB
	analyzers   []Analyzer
	workers     int
	maxFileSize int64
}

// New returns a Scanner that pulls from reg and matches against db.
func New(reg Registry, db VulnDB, opts ...Option) *Scanner {
	s := &Scanner{
		registry:    reg,
		db:          db,
		analyzers:   DefaultAnalyzers(),
		workers:     4,
		maxFileSize: 32 << 20,
	}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Scan pulls the image ref and reports the vulnerabilities found in it.
func (s *Scanner) Scan(ctx context.Context, ref string) (*Report, error) {
	m, err := s.registry.Manifest(ctx, ref)
	if err != nil {
		return nil, fmt.Errorf("scan %s: fetch manifest: %w", ref, err)
	}

	var files []File
	for _, layer := range m.Layers {
		fs, err := s.extractLayer(ctx, layer)
		if err != nil {
			return nil, fmt.Errorf("scan %s: %w", ref, err)
		}
		files = append(files, fs...)
	}
	files = squash(files)

	pkgs, err := s.analyzeAll(ctx, files)
	if err != nil {
		return nil, fmt.Errorf("scan %s: %w", ref, err)
	}

	var findings []Finding
	for _, p := range pkgs {
		vulns, err := s.db.Lookup(ctx, p)
		if err != nil {
			return nil, fmt.Errorf("scan %s: lookup %s/%s: %w", ref, p.Ecosystem, p.Name, err)
		}
		for _, v := range vulns {
			findings = append(findings, Finding{Package: p, Vulnerability: v})
		}
	}
	sort.Slice(findings, func(i, j int) bool {
		a, b := findings[i], findings[j]
		if a.Package.Name != b.Package.Name {
			return a.Package.Name < b.Package.Name
		}
		return a.Vulnerability.ID < b.Vulnerability.ID
	})

	return &Report{
		Reference:    ref,
		Layers:       len(m.Layers),
		FilesScanned: len(files),
		Findings:     findings,
	}, nil
}

// analyzeAll runs the analyzers over files using a pool of workers.
func (s *Scanner) analyzeAll(ctx context.Context, files []File) ([]Package, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	type result struct {
		pkgs []Package
		err  error
	}
	jobs := make(chan File)
	results := make(chan result, len(files))

	var wg sync.WaitGroup
	for i := 0; i < s.workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range jobs {
				pkgs, err := s.analyzeFile(ctx, f)
				if err != nil {
					cancel()
				}
				results <- result{pkgs: pkgs, err: err}
			}
		}()
	}

feed:
	for _, f := range files {
		select {
		case jobs <- f:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	close(results)

	var all []Package
	for r := range results {
		if r.err != nil {
			return nil, r.err
		}
		all = append(all, r.pkgs...)
	}
	return all, ctx.Err()
}

func (s *Scanner) analyzeFile(ctx context.Context, f File) ([]Package, error) {
	var out []Package
	for _, a := range s.analyzers {
		if !a.Wants(f.Path) {
			continue
		}
		pkgs, err := a.Analyze(ctx, f)
		if err != nil {
			return nil, fmt.Errorf("analyze %s: %w", f.Path, err)
		}
		for i := range pkgs {
			pkgs[i].Source = f.Path
			pkgs[i].Layer = f.Layer
		}
		out = append(out, pkgs...)
	}
	return out, nil
}
