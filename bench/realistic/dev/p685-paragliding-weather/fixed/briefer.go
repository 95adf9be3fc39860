package paraweather

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sort"
	"time"
)

// Source supplies readings for a site: a station network, a model run,
// a sounding, a pilot report feed.
type Source interface {
	Name() string
	Fetch(ctx context.Context, site Site) (Reading, error)
}

// SourceError reports a required source that could not be read.
type SourceError struct {
	Source string
	Err    error
}

func (e *SourceError) Error() string {
	return fmt.Sprintf("paraweather: source %s: %v", e.Source, e.Err)
}

func (e *SourceError) Unwrap() error { return e.Err }

// ErrStale is returned by Brief when a required source only has old data.
var ErrStale = errors.New("reading too old")

// Option configures a Briefer.
type Option func(*Briefer)

// WithTimeout bounds how long Brief waits for all sources together.
func WithTimeout(d time.Duration) Option {
	return func(b *Briefer) { b.timeout = d }
}

// WithRequired names sources without which no briefing is issued.
func WithRequired(names ...string) Option {
	return func(b *Briefer) {
		for _, n := range names {
			b.required[n] = true
		}
	}
}

// WithMaxAge discards readings observed longer ago than d.
func WithMaxAge(d time.Duration) Option {
	return func(b *Briefer) { b.maxAge = d }
}

// WithClock replaces time.Now, for tests.
func WithClock(now func() time.Time) Option {
	return func(b *Briefer) { b.now = now }
}

// WithLogger sets where skipped sources are reported.
func WithLogger(l *log.Logger) Option {
	return func(b *Briefer) { b.logger = l }
}

// Briefer asks every source about a site at once and folds the answers
// into a Briefing.
type Briefer struct {
	sources  []Source
	required map[string]bool
	timeout  time.Duration
	maxAge   time.Duration
	now      func() time.Time
	logger   *log.Logger
}

// NewBriefer returns a Briefer over the given sources.
func NewBriefer(sources []Source, opts ...Option) (*Briefer, error) {
	b := &Briefer{
		sources:  sources,
		required: make(map[string]bool),
		timeout:  10 * time.Second,
		maxAge:   90 * time.Minute,
		now:      time.Now,
		logger:   log.Default(),
	}
	for _, o := range opts {
		o(b)
	}
	names := make(map[string]bool, len(sources))
	for _, s := range sources {
		if names[s.Name()] {
			return nil, fmt.Errorf("paraweather: duplicate source %q", s.Name())
		}
		names[s.Name()] = true
	}
	for n := range b.required {
		if !names[n] {
			return nil, fmt.Errorf("paraweather: required source %q not configured", n)
		}
	}
	return b, nil
}

type sourceResult struct {
	source  string
	reading Reading
	err     error
}

// Brief queries all sources concurrently and assesses the site. It fails
// as soon as a required source fails; optional sources that fail or time
// out are listed in Briefing.Missing.
func (b *Briefer) Brief(ctx context.Context, site Site) (Briefing, error) {
	ctx, cancel := context.WithTimeout(ctx, b.timeout)
	defer cancel()

	results := make(chan sourceResult, len(b.sources))
	for _, src := range b.sources {
		src := src
		go func() {
			r, err := src.Fetch(ctx, site)
			results <- sourceResult{source: src.Name(), reading: r, err: err}
		}()
	}

	now := b.now()
	answered := make(map[string]bool, len(b.sources))
	var readings []Reading
	var missing []string
	for range b.sources {
		var res sourceResult
		select {
		case res = <-results:
		case <-ctx.Done():
			for _, src := range b.sources {
				if b.required[src.Name()] && !answered[src.Name()] {
					return Briefing{}, &SourceError{Source: src.Name(), Err: ctx.Err()}
				}
			}
			return b.finish(site, readings, append(missing, b.unanswered(answered)...), now), nil
		}
		answered[res.source] = true

		err := res.err
		if err == nil && now.Sub(res.reading.ObservedAt) > b.maxAge {
			err = ErrStale
		}
		if err != nil {
			if b.required[res.source] {
				return Briefing{}, &SourceError{Source: res.source, Err: err}
			}
			b.logger.Printf("paraweather: %s: skipping %s: %v", site.Name, res.source, err)
			missing = append(missing, res.source)
			continue
		}
		res.reading.Source = res.source
		readings = append(readings, res.reading)
	}
	return b.finish(site, readings, missing, now), nil
}

func (b *Briefer) unanswered(answered map[string]bool) []string {
	var out []string
	for _, src := range b.sources {
		if !answered[src.Name()] {
			out = append(out, src.Name())
		}
	}
	return out
}

func (b *Briefer) finish(site Site, readings []Reading, missing []string, now time.Time) Briefing {
	sort.Slice(readings, func(i, j int) bool { return readings[i].Source < readings[j].Source })
	sort.Strings(missing)
	br := assess(site, readings, now)
	br.Missing = missing
	return br
}
