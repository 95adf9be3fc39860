package agent

import (
	"context"
	"time"
)

// Sample is a single measurement.
type Sample struct {
	Name   string
	Labels map[string]string
	Value  float64
	Time   time.Time
}

// Collector produces samples for one subsystem (cpu, memory, disk, ...).
type Collector interface {
	Name() string
	Collect(ctx context.Context) ([]Sample, error)
}

// Initializer is implemented by collectors that must prepare before their
// first scrape, for example by opening a handle or probing for support.
type Initializer interface {
	Init(ctx context.Context) error
}

// scrapeLoop scrapes c immediately and then on every tick until ctx ends.
func (a *Agent) scrapeLoop(ctx context.Context, c Collector) {
	defer a.scrapers.Done()
	ticker := a.cfg.Clock.NewTicker(a.cfg.ScrapeInterval)
	defer ticker.Stop()

	for {
		a.scrapeOnce(ctx, c)
		select {
		case <-ctx.Done():
			return
		case <-ticker.C():
		}
	}
}

// scrapeOnce runs one Collect call and forwards its samples, decorated with
// the collector name and host labels.
func (a *Agent) scrapeOnce(ctx context.Context, c Collector) {
	sctx, cancel := context.WithTimeout(ctx, a.cfg.ScrapeTimeout)
	defer cancel()

	samples, err := c.Collect(sctx)
	if err != nil {
		a.cfg.Logger.Printf("scrape %s: %v", c.Name(), err)
		return
	}
	now := a.cfg.Clock.Now()
	for _, s := range samples {
		s.Labels = mergeLabels(a.cfg.HostLabels, s.Labels, c.Name())
		if s.Time.IsZero() {
			s.Time = now
		}
		select {
		case a.samples <- s:
		case <-ctx.Done():
			return
		}
	}
}

// mergeLabels returns a fresh label set: host labels first, then the
// sample's own labels, which win on conflict, then the collector name.
func mergeLabels(host, own map[string]string, collector string) map[string]string {
	out := make(map[string]string, len(host)+len(own)+1)
	for k, v := range host {
		out[k] = v
	}
	for k, v := range own {
		out[k] = v
	}
	out["collector"] = collector
	return out
}
