package exporter

import (
	"context"
	"fmt"
	"time"
)

// Result is the outcome of scraping one instance.
type Result struct {
	Job      string
	Instance string
	Samples  []Sample
	Duration time.Duration
	Err      error
}

// scrapeInstance runs one collection bounded by the scrape timeout and
// reports it on out.
func (e *Exporter) scrapeInstance(ctx context.Context, t Target, instance string, out chan<- Result) {
	ctx, cancel := context.WithTimeout(ctx, e.timeout)
	defer cancel()

	start := e.now()
	samples, err := t.Collector.Collect(ctx, instance)
	if err != nil {
		err = fmt.Errorf("scrape %s/%s: %w", t.Job, instance, err)
		samples = nil
	}
	out <- Result{
		Job:      t.Job,
		Instance: instance,
		Samples:  samples,
		Duration: e.now().Sub(start),
		Err:      err,
	}
}
