package scraper

import (
	"context"
	"fmt"
	"time"
)

// loop scrapes one target until stopped.
type loop struct {
	m        *Manager
	settings scrapeSettings
	ctx      context.Context
	cancel   context.CancelFunc
	done     chan struct{}
}

func (m *Manager) newLoop(s scrapeSettings) *loop {
	ctx, cancel := context.WithCancel(context.Background())
	return &loop{m: m, settings: s, ctx: ctx, cancel: cancel, done: make(chan struct{})}
}

// stop cancels the loop, including any scrape in flight, and waits for it
// to exit.
func (l *loop) stop() {
	l.cancel()
	<-l.done
}

func (l *loop) run() {
	defer close(l.done)
	tick, stopTicker := l.m.clock.Tick(l.settings.interval)
	defer stopTicker()

	l.scrapeAndReport()
	for {
		select { // leak: replaced loop's context is never cancelled
		case <-l.ctx.Done():
			return
		case <-tick:
			l.scrapeAndReport()
		}
	}
}

func (l *loop) scrapeAndReport() {
	if err := l.scrape(); err != nil && l.ctx.Err() == nil {
		l.m.onError(fmt.Errorf("scrape %s: %w", l.settings.key, err))
	}
}

// scrape performs one scrape bounded by the target's timeout and appends
// the relabeled samples together with the synthetic up and duration series.
func (l *loop) scrape() error {
	ctx, cancel := context.WithTimeout(l.ctx, l.settings.timeout)
	defer cancel()

	start := l.m.clock.Now()
	raw, fetchErr := l.m.fetcher.Fetch(ctx, l.settings.url)
	took := l.m.clock.Now().Sub(start)

	out := make([]Sample, 0, len(raw)+2)
	for _, s := range raw {
		lbls := Relabel(s.Labels, l.m.metricRelabel)
		if lbls == nil {
			continue
		}
		for k, v := range l.settings.labels {
			lbls[k] = v
		}
		out = append(out, Sample{Labels: lbls, Value: s.Value, Time: s.Time})
	}
	up := 1.0
	if fetchErr != nil {
		up = 0
	}
	out = append(out,
		l.synthetic("up", up, start),
		l.synthetic("scrape_duration_seconds", took.Seconds(), start))

	if err := l.m.appender.Append(ctx, l.settings.key, out); err != nil {
		return fmt.Errorf("append: %w", err)
	}
	if fetchErr != nil {
		return fmt.Errorf("fetch %s: %w", l.settings.url, fetchErr)
	}
	return nil
}

func (l *loop) synthetic(name string, v float64, t time.Time) Sample {
	lbls := map[string]string{LabelMetricName: name}
	for k, val := range l.settings.labels {
		lbls[k] = val
	}
	return Sample{Labels: lbls, Value: v, Time: t}
}
