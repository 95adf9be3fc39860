package harvest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"time"
)

// Picker picks one row and reports the fruit mass and the refractometer
// reading. It is backed by a crew member's handheld or a harvester.
type Picker interface {
	Pick(ctx context.Context, picker string, row Row) (kg, brix float64, err error)
}

var (
	// ErrWeather is returned by a Picker when rain or hail stops picking.
	ErrWeather = errors.New("harvest: stopped for weather")
	// ErrUnripe marks a row whose fruit is below the minimum sugar level.
	ErrUnripe   = errors.New("harvest: fruit below minimum Brix")
	errNoRows   = errors.New("harvest: block has no rows")
	errNoPicker = errors.New("harvest: no picker configured")
)

// Config describes a picking crew.
type Config struct {
	Name       string
	Size       int
	MinBrix    float64
	RowTimeout time.Duration
	Retries    int
}

// Option customises a Crew.
type Option func(*Crew)

// WithLogger sends progress messages to l.
func WithLogger(l *log.Logger) Option { return func(c *Crew) { c.logger = l } }

// WithProgress is called after each basket is tallied.
func WithProgress(fn func(Report)) Option { return func(c *Crew) { c.progress = fn } }

// Crew harvests blocks with a fixed number of pickers working in parallel.
type Crew struct {
	cfg      Config
	picker   Picker
	logger   *log.Logger
	progress func(Report)
}

// New returns a crew. Size defaults to 4 pickers.
func New(cfg Config, p Picker, opts ...Option) (*Crew, error) {
	if p == nil {
		return nil, errNoPicker
	}
	if cfg.Name == "" {
		cfg.Name = "crew"
	}
	if cfg.Size <= 0 {
		cfg.Size = 4
	}
	if cfg.RowTimeout <= 0 {
		cfg.RowTimeout = 45 * time.Minute
	}
	c := &Crew{cfg: cfg, picker: p, logger: log.New(io.Discard, "", 0)}
	for _, o := range opts {
		o(c)
	}
	return c, nil
}

// Harvest picks the rows of b until the block is done or the press quota is
// met. Weather stops the pass and returns what was picked so far.
func (c *Crew) Harvest(ctx context.Context, b Block) (*Report, error) {
	if len(b.Rows) == 0 {
		return nil, fmt.Errorf("%w: %s", errNoRows, b.Name)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	rows := make(chan Row, len(b.Rows))
	for _, r := range b.Rows {
		rows <- r
	}
	close(rows)

	baskets := make(chan Basket)
	workers := c.cfg.Size
	if workers > len(b.Rows) {
		workers = len(b.Rows)
	}
	for i := 0; i < workers; i++ {
		go c.work(ctx, fmt.Sprintf("%s-%02d", c.cfg.Name, i+1), rows, baskets)
	}

	rep := newReport(b)
	for n := 0; n < len(b.Rows); n++ {
		bk := <-baskets
		switch {
		case errors.Is(bk.Err, ErrWeather):
			rep.skip(bk)
			c.logger.Printf("%s: weather stop at %s: %s", b.Name, bk.Row, rep.Summary())
			return rep, bk.Err
		case bk.Err != nil:
			rep.skip(bk)
			c.logger.Printf("%s: %s skipped by %s: %v", b.Name, bk.Row, bk.Picker, bk.Err)
			continue
		}

		rep.add(bk)
		if c.progress != nil {
			c.progress(*rep)
		}
		if b.QuotaKg > 0 && rep.Kg >= b.QuotaKg {
			rep.QuotaMet = true
			c.logger.Printf("%s: press quota of %.0f kg met after %d rows", b.Name, b.QuotaKg, rep.Rows)
			break
		}
	}
	c.logger.Print(rep.Summary())
	return rep, nil
}

func (c *Crew) work(ctx context.Context, name string, rows <-chan Row, out chan<- Basket) {
	for row := range rows {
		if ctx.Err() != nil {
			return
		}
		bk := c.pickRow(ctx, name, row)
		select {
		case out <- bk:
		case <-ctx.Done():
			return
		}
	}
}

func (c *Crew) pickRow(ctx context.Context, name string, row Row) Basket {
	start := time.Now()
	bk := Basket{Row: row, Picker: name}

	var err error
	for attempt := 0; attempt <= c.cfg.Retries; attempt++ {
		rctx, cancel := context.WithTimeout(ctx, c.cfg.RowTimeout)
		bk.Kg, bk.Brix, err = c.picker.Pick(rctx, name, row)
		cancel()
		if err == nil || errors.Is(err, ErrWeather) || ctx.Err() != nil {
			break
		}
		c.logger.Printf("%s: %s attempt %d failed: %v", name, row, attempt+1, err)
	}
	bk.Took = time.Since(start)

	switch {
	case err != nil:
		bk.Err = fmt.Errorf("%s: %w", row, err)
	case bk.Brix < c.cfg.MinBrix:
		bk.Err = fmt.Errorf("%s: %.1f < %.1f: %w", row, bk.Brix, c.cfg.MinBrix, ErrUnripe)
	}
	return bk
}
