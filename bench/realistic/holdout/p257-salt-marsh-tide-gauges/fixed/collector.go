package tidegauge

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"time"
)

// Option configures a Collector.
type Option func(*Collector)

// WithInterval sets the spacing between samples. The default is six minutes,
// the usual logging interval for tide gauges.
func WithInterval(d time.Duration) Option {
	return func(c *Collector) { c.interval = d }
}

// WithWindow sets how many samples a survey covers.
func WithWindow(n int) Option {
	return func(c *Collector) { c.window = n }
}

// WithMinCoverage sets the fraction of the window that must be usable.
func WithMinCoverage(f float64) Option {
	return func(c *Collector) { c.minCoverage = f }
}

// WithLogger sets the logger used for skipped samples and survey results.
func WithLogger(l *log.Logger) Option {
	return func(c *Collector) { c.logger = l }
}

// Collector pulls a window of readings for a station and summarises them.
type Collector struct {
	src         Source
	interval    time.Duration
	window      int
	minCoverage float64
	logger      *log.Logger
}

// NewCollector returns a Collector reading from src.
func NewCollector(src Source, opts ...Option) (*Collector, error) {
	if src == nil {
		return nil, errors.New("tidegauge: nil source")
	}
	c := &Collector{
		src:         src,
		interval:    6 * time.Minute,
		window:      250,
		minCoverage: 0.8,
		logger:      log.New(io.Discard, "", 0),
	}
	for _, opt := range opts {
		opt(c)
	}
	if c.interval <= 0 {
		return nil, fmt.Errorf("tidegauge: interval %s must be positive", c.interval)
	}
	if c.window < 3 {
		return nil, fmt.Errorf("tidegauge: window of %d samples is too short", c.window)
	}
	if c.minCoverage < 0 || c.minCoverage > 1 {
		return nil, fmt.Errorf("tidegauge: coverage %.2f out of range", c.minCoverage)
	}
	return c, nil
}

type sample struct {
	reading Reading
	err     error
}

// stream reads the window for st starting at from, one sample at a time,
// converting each good reading to chart datum.
func (c *Collector) stream(ctx context.Context, st Station, from time.Time) <-chan sample {
	out := make(chan sample)
	go func() {
		defer close(out)
		for i := 0; i < c.window; i++ {
			at := from.Add(time.Duration(i) * c.interval)
			r, err := c.src.Read(ctx, st.ID, at)
			if err == nil {
				r.StationID = st.ID
				r.LevelM += st.DatumOffsetM
			}
			select {
			case out <- sample{reading: r, err: err}:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// Survey collects one window of readings for st and summarises the tides.
func (c *Collector) Survey(ctx context.Context, st Station, from time.Time) (*TideSummary, error) {
	if err := st.Validate(); err != nil {
		return nil, err
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	var (
		readings = make([]Reading, 0, c.window)
		prev     *Reading
		gaps     int
		suspect  int
	)
	for s := range c.stream(ctx, st, from) {
		switch {
		case errors.Is(s.err, ErrGaugeOffline):
			return nil, fmt.Errorf("survey %s: %w", st.label(), s.err)
		case s.err != nil:
			gaps++
			c.logger.Printf("tidegauge: %s: skipping sample: %v", st.ID, s.err)
			continue
		case s.reading.Quality == QualityMissing:
			gaps++
			continue
		case s.reading.Quality == QualitySuspect:
			suspect++
		}
		if err := st.check(prev, s.reading); err != nil {
			return nil, fmt.Errorf("survey %s: %w", st.label(), err)
		}
		readings = append(readings, s.reading)
		prev = &readings[len(readings)-1]
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	if cov := float64(len(readings)) / float64(c.window); cov < c.minCoverage {
		return nil, fmt.Errorf("%w: %s: %d of %d samples (%.0f%%)",
			ErrTooFewReadings, st.label(), len(readings), c.window, cov*100)
	}

	sum := summarize(st, readings, c.interval)
	sum.Gaps = gaps
	sum.Suspect = suspect
	c.logger.Printf("tidegauge: %s: %d samples, %d high waters, range %.2fm",
		st.ID, sum.Samples, len(sum.HighWaters), sum.RangeM)
	return sum, nil
}
