package interloan

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"time"
)

// Config controls a Processor.
type Config struct {
	// Library is our own lender symbol.
	Library string
	// PageSize is the number of requests fetched per queue page.
	PageSize int
	// TrayCapacity is how many slips the printer tray holds; a run stops
	// when the tray is full and the rest stays queued for the next run.
	// Zero means unlimited.
	TrayCapacity int
	// RejectMissing rejects requests for items that are not on the shelf
	// instead of leaving them for a later run.
	RejectMissing bool
}

// Summary reports the outcome of one run.
type Summary struct {
	Printed  int
	Missing  int
	Rejected int
	Invalid  int
	TrayFull bool
}

// Processor turns pending lending requests into printed pick slips.
type Processor struct {
	cfg     Config
	queue   Queue
	catalog Catalog
	printer Printer
	log     *log.Logger
	now     func() time.Time
}

// Option configures a Processor.
type Option func(*Processor)

// WithLogger sets the logger for per-slip messages.
func WithLogger(l *log.Logger) Option { return func(p *Processor) { p.log = l } }

// WithClock replaces time.Now.
func WithClock(now func() time.Time) Option { return func(p *Processor) { p.now = now } }

// NewProcessor validates cfg and returns a processor.
func NewProcessor(cfg Config, q Queue, c Catalog, pr Printer, opts ...Option) (*Processor, error) {
	if cfg.Library == "" {
		return nil, errors.New("interloan: library symbol required")
	}
	if q == nil || c == nil || pr == nil {
		return nil, errors.New("interloan: queue, catalog and printer are required")
	}
	if cfg.PageSize <= 0 {
		cfg.PageSize = 50
	}
	p := &Processor{
		cfg:     cfg,
		queue:   q,
		catalog: c,
		printer: pr,
		log:     log.New(io.Discard, "", 0),
		now:     time.Now,
	}
	for _, o := range opts {
		o(p)
	}
	return p, nil
}

// Run prints slips for the pending requests. It stops at the end of the
// queue, when the printer tray is full, or at the first error that needs an
// operator (queue unavailable, printer jammed).
func (p *Processor) Run(ctx context.Context) (Summary, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	var sum Summary
	for item := range p.pending(ctx) {
		if item.err != nil {
			return sum, fmt.Errorf("interloan: list pending: %w", item.err)
		}
		s := item.slip

		isbn, err := normalizeISBN(s.ISBN)
		if err != nil {
			sum.Invalid++
			if rerr := p.queue.Reject(ctx, s.ID, "unparseable ISBN"); rerr != nil {
				return sum, fmt.Errorf("interloan: reject %s: %w", s.ID, rerr)
			}
			sum.Rejected++
			continue
		}

		shelfmark, err := p.catalog.Locate(ctx, isbn)
		if errors.Is(err, ErrNotOnShelf) {
			sum.Missing++
			if p.cfg.RejectMissing {
				if rerr := p.queue.Reject(ctx, s.ID, "not on shelf"); rerr != nil {
					return sum, fmt.Errorf("interloan: reject %s: %w", s.ID, rerr)
				}
				sum.Rejected++
			}
			continue
		}
		if err != nil {
			return sum, fmt.Errorf("interloan: locate %s for slip %s: %w", isbn, s.ID, err)
		}

		if err := p.printer.Print(ctx, ticketFor(s, shelfmark)); err != nil {
			return sum, fmt.Errorf("interloan: print slip %s: %w", s.ID, err)
		}
		if err := p.queue.MarkPulled(ctx, s.ID, shelfmark); err != nil {
			p.log.Printf("slip %s: printed but not marked pulled: %v", s.ID, err)
		}
		sum.Printed++

		if p.cfg.TrayCapacity > 0 && sum.Printed >= p.cfg.TrayCapacity {
			sum.TrayFull = true
			p.log.Printf("printer tray full after %d slips, remaining requests stay queued", sum.Printed)
			return sum, nil
		}
	}
	return sum, nil
}
