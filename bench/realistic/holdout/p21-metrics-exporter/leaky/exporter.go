// Package exporter scrapes metrics from a fleet of targets and renders them in
// a plain-text exposition format.
package exporter

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// Sample is one measured value.
type Sample struct {
	Name   string
	Labels map[string]string
	Value  float64
}

// Collector reads samples from one instance of a target. Implementations
// should honour ctx, but many wrap blocking client libraries that do not.
type Collector interface {
	Collect(ctx context.Context, instance string) ([]Sample, error)
}

// CollectorFunc adapts a function to the Collector interface.
type CollectorFunc func(ctx context.Context, instance string) ([]Sample, error)

// Collect calls f.
func (f CollectorFunc) Collect(ctx context.Context, instance string) ([]Sample, error) {
	return f(ctx, instance)
}

// Target is a named job whose instances are all scraped with the same collector.
type Target struct {
	Job       string
	Instances []string
	Collector Collector
}

// Option configures an Exporter.
type Option func(*Exporter)

// WithScrapeTimeout bounds each individual scrape.
func WithScrapeTimeout(d time.Duration) Option {
	return func(e *Exporter) { e.timeout = d }
}

// WithClock replaces time.Now, for tests.
func WithClock(now func() time.Time) Option {
	return func(e *Exporter) { e.now = now }
}

// Exporter scrapes its targets on demand.
type Exporter struct {
	targets []Target
	timeout time.Duration
	now     func() time.Time
}

// ErrNoTargets is returned by New when there is nothing to scrape.
var ErrNoTargets = errors.New("exporter: no targets")

// New validates the targets and returns an Exporter.
func New(targets []Target, opts ...Option) (*Exporter, error) {
	if len(targets) == 0 {
		return nil, ErrNoTargets
	}
	seen := make(map[string]bool, len(targets))
	for _, t := range targets {
		if t.Collector == nil {
			return nil, fmt.Errorf("exporter: job %q has no collector", t.Job)
		}
		if seen[t.Job] {
			return nil, fmt.Errorf("exporter: duplicate job %q", t.Job)
		}
		seen[t.Job] = true
	}
	e := &Exporter{targets: targets, timeout: 10 * time.Second, now: time.Now}
	for _, o := range opts {
		o(e)
	}
	return e, nil
}

// Scrape scrapes every instance of every target concurrently and returns the
// results in a stable order. If ctx ends first, Scrape returns what it has
// together with an error wrapping ctx.Err().
func (e *Exporter) Scrape(ctx context.Context) ([]Result, error) {
	out := make(chan Result, len(e.targets))
	pending := 0
	for _, t := range e.targets {
		for _, inst := range t.Instances {
			pending++
			go e.scrapeInstance(ctx, t, inst, out)
		}
	}

	results := make([]Result, 0, pending)
	var err error
	for pending > 0 && err == nil {
		select {
		case r := <-out:
			results = append(results, r)
			pending--
		case <-ctx.Done():
			err = fmt.Errorf("exporter: %d scrapes unfinished: %w", pending, ctx.Err())
		}
	}
	sort.Slice(results, func(i, j int) bool {
		if results[i].Job != results[j].Job {
			return results[i].Job < results[j].Job
		}
		return results[i].Instance < results[j].Instance
	})
	return results, err
}

// WriteText renders results, including an "up" gauge per instance.
func WriteText(w io.Writer, results []Result) error {
	var b strings.Builder
	for _, r := range results {
		up := 1
		if r.Err != nil {
			up = 0
		}
		fmt.Fprintf(&b, "up{job=%q,instance=%q} %d\n", r.Job, r.Instance, up)
		fmt.Fprintf(&b, "scrape_duration_seconds{job=%q,instance=%q} %g\n",
			r.Job, r.Instance, r.Duration.Seconds())
		for _, s := range r.Samples {
			b.WriteString(s.Name)
			b.WriteString(formatLabels(r.Job, r.Instance, s.Labels))
			fmt.Fprintf(&b, " %g\n", s.Value)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func formatLabels(job, instance string, extra map[string]string) string {
	keys := make([]string, 0, len(extra))
	for k := range extra {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := []string{fmt.Sprintf("job=%q", job), fmt.Sprintf("instance=%q", instance)}
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s=%q", k, extra[k]))
	}
	return "{" + strings.Join(parts, ",") + "}"
}
