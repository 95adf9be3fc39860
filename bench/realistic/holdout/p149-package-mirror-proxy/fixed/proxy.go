// Package mirror implements a read-through caching proxy for a module
// registry. Artifacts are fetched from the origin at most once per key at a
// time, verified against a checksum database and kept in a local cache.
package mirror

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

var (
	// ErrChecksumMismatch is returned when the downloaded artifact does not
	// match the checksum recorded in the checksum database.
	ErrChecksumMismatch = errors.New("mirror: checksum mismatch")

	// ErrInvalidPath is returned for malformed module paths or versions.
	ErrInvalidPath = errors.New("mirror: invalid module path or version")
)

// SumDB resolves the expected SHA-256 (hex encoded) of a module version.
type SumDB interface {
	Lookup(ctx context.Context, module, version string) (string, error)
}

// Config configures a Proxy. Upstream, SumDB and Cache are required.
type Config struct {
	Upstream Upstream
	SumDB    SumDB
	Cache    Cache

	// MaxArtifactSize bounds the size of a single artifact. Zero means
	// 512 MiB.
	MaxArtifactSize int64

	// FetchTimeout bounds a single upstream fetch, independent of the
	// callers waiting for it. Zero means two minutes.
	FetchTimeout time.Duration

	// Logger receives diagnostic messages. Nil discards them.
	Logger *log.Logger
}

// Stats are cumulative counters describing proxy activity.
type Stats struct {
	Hits       int64
	Misses     int64
	Fetches    int64
	Failures   int64
	Mismatches int64
}

// Proxy serves module artifacts, filling its cache from upstream on a miss.
// It is safe for concurrent use.
type Proxy struct {
	cfg Config

	mu       sync.Mutex
	inflight map[string]*flight

	hits, misses, fetches, failures, mismatches int64
}

// flight tracks one in-progress upstream fetch shared by all callers that
// asked for the same key while it was running.
type flight struct {
	done chan struct{}
	err  error
}

// New validates cfg and returns a Proxy.
func New(cfg Config) (*Proxy, error) {
	if cfg.Upstream == nil || cfg.SumDB == nil || cfg.Cache == nil {
		return nil, errors.New("mirror: Upstream, SumDB and Cache are required")
	}
	if cfg.MaxArtifactSize <= 0 {
		cfg.MaxArtifactSize = 512 << 20
	}
	if cfg.FetchTimeout <= 0 {
		cfg.FetchTimeout = 2 * time.Minute
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}
	return &Proxy{cfg: cfg, inflight: make(map[string]*flight)}, nil
}

// Open returns the artifact for module@version, fetching and verifying it
// first if it is not cached. The caller must close the returned reader.
func (p *Proxy) Open(ctx context.Context, module, version string) (io.ReadCloser, error) {
	key, err := cacheKey(module, version)
	if err != nil {
		return nil, err
	}
	rc, err := p.cfg.Cache.Open(key)
	switch {
	case err == nil:
		atomic.AddInt64(&p.hits, 1)
		return rc, nil
	case !errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("mirror: open cached %s: %w", key, err)
	}
	atomic.AddInt64(&p.misses, 1)

	if err := p.ensure(ctx, key, module, version); err != nil {
		return nil, err
	}
	rc, err = p.cfg.Cache.Open(key)
	if err != nil {
		return nil, fmt.Errorf("mirror: open %s after fill: %w", key, err)
	}
	return rc, nil
}

// Stats returns a snapshot of the proxy counters.
func (p *Proxy) Stats() Stats {
	return Stats{
		Hits:       atomic.LoadInt64(&p.hits),
		Misses:     atomic.LoadInt64(&p.misses),
		Fetches:    atomic.LoadInt64(&p.fetches),
		Failures:   atomic.LoadInt64(&p.failures),
		Mismatches: atomic.LoadInt64(&p.mismatches),
	}
}

// ensure makes sure key is in the cache, joining an in-progress fetch for
// the same key if there is one. A caller that gives up does not abort the
// fetch for the others.
func (p *Proxy) ensure(ctx context.Context, key, module, version string) error {
	p.mu.Lock()
	f, ok := p.inflight[key]
	if !ok {
		f = &flight{done: make(chan struct{})}
		p.inflight[key] = f
		go p.run(key, module, version, f)
	}
	p.mu.Unlock()

	select {
	case <-f.done:
		return f.err
	case <-ctx.Done():
		return fmt.Errorf("mirror: waiting for %s: %w", key, ctx.Err())
	}
}

func (p *Proxy) run(key, module, version string, f *flight) {
	ctx, cancel := context.WithTimeout(context.Background(), p.cfg.FetchTimeout)
	defer cancel()

	atomic.AddInt64(&p.fetches, 1)
	start := time.Now()
	f.err = p.fill(ctx, key, module, version)
	if f.err != nil {
		atomic.AddInt64(&p.failures, 1)
		p.cfg.Logger.Printf("fill %s failed after %v: %v", key, time.Since(start), f.err)
	}

	p.mu.Lock()
	delete(p.inflight, key)
	p.mu.Unlock()
	close(f.done)
}

// fill downloads module@version into the cache under key and verifies it.
// A cached entry that fails verification is removed again.
func (p *Proxy) fill(ctx context.Context, key, module, version string) error {
	want, err := p.cfg.SumDB.Lookup(ctx, module, version)
	if err != nil {
		return fmt.Errorf("mirror: checksum lookup %s@%s: %w", module, version, err)
	}

	pr, pw := io.Pipe()
	defer pr.Close()
	go p.download(ctx, module, version, pw)

	h := sha256.New()
	n, err := p.cfg.Cache.Put(key, io.TeeReader(pr, h))
	if err != nil {
		return fmt.Errorf("mirror: caching %s@%s: %w", module, version, err)
	}

	if got := hex.EncodeToString(h.Sum(nil)); !strings.EqualFold(got, want) {
		atomic.AddInt64(&p.mismatches, 1)
		if rmErr := p.cfg.Cache.Remove(key); rmErr != nil {
			p.cfg.Logger.Printf("removing corrupt %s: %v", key, rmErr)
		}
		return fmt.Errorf("%w: %s@%s: got %s, want %s", ErrChecksumMismatch, module, version, got, want)
	}
	p.cfg.Logger.Printf("cached %s (%d bytes)", key, n)
	return nil
}

// download streams the artifact from upstream into pw, enforcing the size
// limit, and closes pw with the outcome.
func (p *Proxy) download(ctx context.Context, module, version string, pw *io.PipeWriter) {
	lw := &limitWriter{w: pw, remaining: p.cfg.MaxArtifactSize}
	_, err := p.cfg.Upstream.Fetch(ctx, module, version, lw)
	if err != nil {
		err = fmt.Errorf("mirror: fetch %s@%s: %w", module, version, err)
	}
	pw.CloseWithError(err)
}

// cacheKey validates module and version and derives a filesystem-safe key.
// Upper-case letters are escaped as "!" followed by the lower-case letter,
// following the module proxy convention.
func cacheKey(module, version string) (string, error) {
	if module == "" || version == "" || strings.Contains(module, "..") ||
		strings.ContainsAny(version, "/\\") || strings.HasPrefix(module, "/") {
		return "", fmt.Errorf("%w: %q@%q", ErrInvalidPath, module, version)
	}
	var b strings.Builder
	for _, r := range module {
		if 'A' <= r && r <= 'Z' {
			b.WriteByte('!')
			b.WriteRune(r + ('a' - 'A'))
			continue
		}
		b.WriteRune(r)
	}
	return b.String() + "/@v/" + version + ".zip", nil
}
