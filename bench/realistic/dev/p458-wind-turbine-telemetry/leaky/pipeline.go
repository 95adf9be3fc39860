package telemetry

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// Source yields raw frames from the gateway. Next returns io.EOF when the
// gateway has no more buffered frames.
type Source interface {
	Name() string
	Next(ctx context.Context) ([]byte, error)
}

// Sink stores the summaries of a run, e.g. in the farm historian.
type Sink interface {
	WriteSummaries(ctx context.Context, s []Summary) error
}

// Config tunes a Pipeline. Zero fields take defaults.
type Config struct {
	Workers    int
	QueueDepth int
	Window     time.Duration
	MaxRetries int
	Backoff    time.Duration
	Logger     *log.Logger
}

func (c Config) withDefaults() Config {
	if c.Workers <= 0 {
		c.Workers = 4
	}
	if c.QueueDepth <= 0 {
		c.QueueDepth = 64
	}
	if c.Window <= 0 {
		c.Window = 10 * time.Minute
	}
	if c.MaxRetries < 0 {
		c.MaxRetries = 0
	}
	if c.Backoff <= 0 {
		c.Backoff = 200 * time.Millisecond
	}
	if c.Logger == nil {
		c.Logger = log.New(io.Discard, "", 0)
	}
	return c
}

// Pipeline decodes frames from a Source on a pool of workers and writes
// windowed summaries to a Sink.
type Pipeline struct {
	cfg  Config
	sink Sink
	log  *log.Logger
}

// NewPipeline returns a Pipeline writing to sink.
func NewPipeline(sink Sink, cfg Config) *Pipeline {
	cfg = cfg.withDefaults()
	return &Pipeline{cfg: cfg, sink: sink, log: cfg.Logger}
}

// Run drains src, then writes the summaries to the sink. On failure it
// returns the partial report together with the error.
func (p *Pipeline) Run(ctx context.Context, src Source) (Report, error) {
	agg := newAggregator(p.cfg.Window)
	frames := make(chan []byte, p.cfg.QueueDepth)

	var wg sync.WaitGroup
	for i := 0; i < p.cfg.Workers; i++ {
		wg.Add(1)
		go func(id int) {
			defer wg.Done()
			p.decode(id, frames, agg)
		}(i)
	}

	if err := p.pump(ctx, src, frames); err != nil {
		return agg.report(), err
	}
	close(frames)
	wg.Wait()

	rep := agg.report()
	if len(rep.Summaries) == 0 {
		p.log.Printf("%s: no usable frames", src.Name())
		return rep, nil
	}
	if err := p.sink.WriteSummaries(ctx, rep.Summaries); err != nil {
		return rep, fmt.Errorf("telemetry: write summaries: %w", err)
	}
	return rep, nil
}

func (p *Pipeline) decode(worker int, frames <-chan []byte, agg *aggregator) {
	for raw := range frames { // leak: frames is never closed when pump fails
		f, err := Decode(raw)
		if err != nil {
			p.log.Printf("worker %d: dropping frame: %v", worker, err)
			agg.reject(err)
			continue
		}
		agg.add(f)
	}
}

// pump moves frames from src to the workers, retrying temporary gateway
// errors with a linear backoff.
func (p *Pipeline) pump(ctx context.Context, src Source, frames chan<- []byte) error {
	retries := 0
	for {
		raw, err := src.Next(ctx)
		switch {
		case err == nil:
			retries = 0
		case errors.Is(err, io.EOF):
			return nil
		case isTemporary(err) && retries < p.cfg.MaxRetries:
			retries++
			p.log.Printf("%s: %v (retry %d/%d)", src.Name(), err, retries, p.cfg.MaxRetries)
			select {
			case <-time.After(time.Duration(retries) * p.cfg.Backoff):
			case <-ctx.Done():
				return ctx.Err()
			}
			continue
		default:
			return fmt.Errorf("telemetry: read from %s: %w", src.Name(), err)
		}

		select {
		case frames <- raw:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func isTemporary(err error) bool {
	var t interface{ Temporary() bool }
	return errors.As(err, &t) && t.Temporary()
}
