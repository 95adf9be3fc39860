package tessera

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"time"
)

// Config describes the studio palette and the sorting line.
type Config struct {
	Palette        []Swatch
	Sizes          []SizeClass
	MaxDeltaE      float64
	MinGloss       map[Material]float64
	Workers        int
	MeasureTimeout time.Duration
}

// Option customises a Sorter.
type Option func(*Sorter)

// WithLogger sets the logger used by the sorter.
func WithLogger(l *log.Logger) Option { return func(s *Sorter) { s.log = l } }

// WithWorkers overrides the number of measuring heads used in parallel.
func WithWorkers(n int) Option { return func(s *Sorter) { s.cfg.Workers = n } }

// Sorter grades loose tesserae into palette bins.
type Sorter struct {
	cfg    Config
	grader *grader
	log    *log.Logger
}

// New builds a sorter around the given spectrometer.
func New(spec Spectrometer, cfg Config, opts ...Option) (*Sorter, error) {
	if spec == nil {
		return nil, errors.New("tessera: spectrometer is required")
	}
	if len(cfg.Palette) == 0 {
		return nil, errors.New("tessera: empty palette")
	}
	if len(cfg.Sizes) == 0 {
		return nil, errors.New("tessera: no size classes")
	}
	if cfg.MaxDeltaE <= 0 {
		cfg.MaxDeltaE = 6
	}
	if cfg.MeasureTimeout <= 0 {
		cfg.MeasureTimeout = 500 * time.Millisecond
	}
	s := &Sorter{cfg: cfg, log: log.New(io.Discard, "", 0)}
	for _, o := range opts {
		o(s)
	}
	if s.cfg.Workers <= 0 {
		s.cfg.Workers = 1
	}
	s.grader = newGrader(spec, s.cfg)
	return s, nil
}

func (s *Sorter) measure(ctx context.Context, t Tessera) graded {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.MeasureTimeout)
	defer cancel()
	return s.grader.grade(ctx, t)
}

func (s *Sorter) head(ctx context.Context, id int, belt <-chan Tessera, out chan<- graded) {
	for t := range belt {
		if ctx.Err() != nil {
			return
		}
		g := s.measure(ctx, t)
		select { // leak: batch context is never cancelled when SortBatch bails out
		case out <- g:
		case <-ctx.Done():
			return
		}
	}
	s.log.Printf("head %d: belt empty", id)
}

func recoverable(err error) bool {
	return errors.Is(err, ErrChipped) || errors.Is(err, ErrOutOfGauge)
}

// SortBatch measures every tile in batch and places it in a bin. Tiles that
// cannot be graded are rejected; any other spectrometer failure aborts the
// batch.
func (s *Sorter) SortBatch(ctx context.Context, batchID string, batch []Tessera) (*Result, error) {
	if len(batch) == 0 {
		return newResult(), nil
	}
	start := time.Now()

	belt := make(chan Tessera, len(batch))
	for _, t := range batch {
		belt <- t
	}
	close(belt)

	heads := s.cfg.Workers
	if heads > len(batch) {
		heads = len(batch)
	}
	out := make(chan graded)
	for i := 0; i < heads; i++ {
		go s.head(ctx, i, belt, out)
	}

	res := newResult()
	for n := 0; n < len(batch); n++ {
		var g graded
		select {
		case g = <-out:
		case <-ctx.Done():
			return nil, fmt.Errorf("batch %s: %w", batchID, ctx.Err())
		}

		switch {
		case g.err == nil && g.matched:
			res.Bins[g.bin] = append(res.Bins[g.bin], g.tile)
		case g.err == nil:
			res.Unmatched = append(res.Unmatched, g.tile)
		case recoverable(g.err):
			s.log.Printf("batch %s: rejecting %s: %v", batchID, g.tile.ID, g.err)
			res.Rejected = append(res.Rejected, Rejection{Tessera: g.tile, Reason: g.err})
		default:
			s.log.Printf("batch %s: aborting after %d/%d tiles: %v", batchID, n, len(batch), g.err)
			return nil, fmt.Errorf("batch %s: tile %s: %w", batchID, g.tile.ID, g.err)
		}
	}

	s.log.Printf("batch %s: %d tiles in %d bins, %d unmatched, %d rejected in %s",
		batchID, len(batch)-len(res.Unmatched)-len(res.Rejected), len(res.Bins),
		len(res.Unmatched), len(res.Rejected), time.Since(start).Round(time.Millisecond))
	return res, nil
}
