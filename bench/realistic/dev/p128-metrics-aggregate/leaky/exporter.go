// Package exporter scrapes several metric targets concurrently and serves
// their samples as one aggregate in the Prometheus text format.
package exporter

import (
	"context"
	"sort"
	"sync"
	"time"
)

// Sample is one metric value with its labels.
type Sample struct {
	Name   string
	Labels map[string]string
	Value  float64
}

// ScrapeFunc reads the current samples of one target.
type ScrapeFunc func(ctx context.Context) ([]Sample, error)

// Target is a named source of samples.
type Target struct {
	Name   string
	Scrape ScrapeFunc
}

// Family is every sample of one metric name, across targets.
type Family struct {
	Name    string
	Samples []Sample
}

// Option configures an Exporter.
type Option func(*Exporter)

// WithScrapeTimeout bounds each target's scrape.
func WithScrapeTimeout(d time.Duration) Option {
	return func(e *Exporter) { e.timeout = d }
}

// WithLogf sets where scrape and write failures are reported.
func WithLogf(logf func(format string, args ...any)) Option {
	return func(e *Exporter) { e.logf = logf }
}

// Exporter aggregates a fixed set of targets.
type Exporter struct {
	targets []Target
	timeout time.Duration
	logf    func(format string, args ...any)
}

// New returns an Exporter for targets.
func New(targets []Target, opts ...Option) *Exporter {
	e := &Exporter{
		targets: targets,
		timeout: 5 * time.Second,
		logf:    func(string, ...any) {},
	}
	for _, o := range opts {
		o(e)
	}
	return e
}

// Collect scrapes every target at once and groups the samples by name.
// A target that fails contributes only its scrape_up sample of 0.
func (e *Exporter) Collect(ctx context.Context) []Family {
	results := make([][]Sample, len(e.targets))
	var wg sync.WaitGroup
	for i, t := range e.targets {
		wg.Add(1)
		go func(i int, t Target) {
			defer wg.Done()
			sctx, cancel := context.WithTimeout(ctx, e.timeout)
			defer cancel()
			samples, err := t.Scrape(sctx)
			up := 1.0
			if err != nil {
				e.logf("exporter: scrape %s: %v", t.Name, err)
				samples, up = nil, 0
			}
			for j := range samples {
				samples[j].Labels = withLabel(samples[j].Labels, "target", t.Name)
			}
			results[i] = append(samples, Sample{
				Name:   "exporter_scrape_up",
				Labels: map[string]string{"target": t.Name},
				Value:  up,
			})
		}(i, t)
	}
	wg.Wait()

	byName := map[string]*Family{}
	for _, samples := range results {
		for _, s := range samples {
			f, ok := byName[s.Name]
			if !ok {
				f = &Family{Name: s.Name}
				byName[s.Name] = f
			}
			f.Samples = append(f.Samples, s)
		}
	}
	families := make([]Family, 0, len(byName))
	for _, f := range byName {
		families = append(families, *f)
	}
	sort.Slice(families, func(i, j int) bool { return families[i].Name < families[j].Name })
	return families
}

func withLabel(labels map[string]string, k, v string) map[string]string {
	out := make(map[string]string, len(labels)+1)
	for lk, lv := range labels {
		out[lk] = lv
	}
	out[k] = v
	return out
}
