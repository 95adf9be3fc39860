package zamboni

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sort"
	"time"
)

// Options configures a Planner.
type Options struct {
	// Machines maps each sheet to the resurfacer that serves it.
	Machines map[string]string
	// CutTime is how long one pass over a sheet takes.
	CutTime time.Duration
	// SetTime is how long fresh water needs before skaters go on.
	SetTime time.Duration
	// MaxPages bounds pagination against the booking system.
	MaxPages int
	Logger   *log.Logger
}

// Planner builds daily resurfacing plans from the booking system.
type Planner struct {
	src    BookingSource
	sheets []string
	opts   Options
}

// NewPlanner returns a Planner for the sheets listed in opts.Machines.
func NewPlanner(src BookingSource, opts Options) (*Planner, error) {
	if src == nil {
		return nil, errors.New("zamboni: nil booking source")
	}
	if len(opts.Machines) == 0 {
		return nil, errors.New("zamboni: no sheets configured")
	}
	if opts.CutTime <= 0 {
		opts.CutTime = 12 * time.Minute
	}
	if opts.SetTime <= 0 {
		opts.SetTime = 3 * time.Minute
	}
	if opts.MaxPages <= 0 {
		opts.MaxPages = 20
	}
	if opts.Logger == nil {
		opts.Logger = log.Default()
	}
	p := &Planner{src: src, opts: opts}
	for sheet := range opts.Machines {
		p.sheets = append(p.sheets, sheet)
	}
	sort.Strings(p.sheets)
	return p, nil
}

// Plan fetches the bookings of every sheet for day and plans resurfacing
// around them. Sheets are fetched and planned concurrently.
func (p *Planner) Plan(ctx context.Context, day time.Time) (*DayPlan, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	errc := make(chan error, len(p.sheets))
	plans := make(chan SheetPlan, len(p.sheets))
	for _, sheet := range p.sheets {
		bookings := p.streamBookings(ctx, sheet, day, errc)
		go func(sheet string) {
			plans <- p.planSheet(sheet, bookings)
		}(sheet)
	}

	plan := &DayPlan{Day: day}
	for range p.sheets {
		select {
		case err := <-errc:
			return nil, err
		case sp := <-plans:
			plan.Sheets = append(plan.Sheets, sp)
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	sort.Slice(plan.Sheets, func(i, j int) bool { return plan.Sheets[i].Sheet < plan.Sheets[j].Sheet })
	for _, c := range plan.MachineClashes() {
		p.opts.Logger.Printf("zamboni: %s needed on %s and %s at %s",
			c[0].Machine, c[0].Sheet, c[1].Sheet, c[1].Start.Format("15:04"))
	}
	return plan, nil
}

func (p *Planner) streamBookings(ctx context.Context, sheet string, day time.Time, errc chan<- error) <-chan Booking {
	out := make(chan Booking)
	go func() {
		token := ""
		for page := 0; ; page++ {
			if page == p.opts.MaxPages {
				errc <- fmt.Errorf("zamboni: sheet %s: more than %d pages of bookings", sheet, p.opts.MaxPages)
				return
			}
			res, err := p.src.ListBookings(ctx, sheet, day, token)
			if err != nil {
				errc <- fmt.Errorf("zamboni: sheet %s: list bookings: %w", sheet, err)
				return
			}
			for _, b := range res.Bookings {
				if err := b.validate(sheet, day); err != nil {
					errc <- fmt.Errorf("zamboni: %w", err)
					return
				}
				select {
				case out <- b:
				case <-ctx.Done():
					errc <- ctx.Err()
					return
				}
			}
			if res.NextToken == "" {
				close(out)
				return
			}
			token = res.NextToken
		}
	}()
	return out
}

func (p *Planner) planSheet(sheet string, bookings <-chan Booking) SheetPlan {
	sp := SheetPlan{Sheet: sheet}
	machine := p.opts.Machines[sheet]
	need := p.opts.CutTime + p.opts.SetTime
	var prev *Booking
	for b := range bookings { // leak: the stream is never closed when fetching fails
		b := b
		sp.Sessions++
		reason := ""
		switch {
		case prev == nil:
			reason = "opening flood"
		case b.Kind.needsFreshIce():
			reason = fmt.Sprintf("fresh ice for %s", b.Kind)
		case prev.Kind.scarsIce():
			reason = fmt.Sprintf("after %s", prev.Kind)
		}
		if reason != "" {
			gap := need
			if prev != nil {
				gap = b.Start.Sub(prev.End)
			}
			if gap < need {
				sp.Conflicts = append(sp.Conflicts, Conflict{
					Sheet: sheet, After: prev.ID, Before: b.ID, Gap: gap, Need: need,
				})
			} else {
				start := b.Start.Add(-need)
				sp.Resurfaces = append(sp.Resurfaces, Resurface{
					Sheet: sheet, Machine: machine, Start: start,
					End: start.Add(p.opts.CutTime), Before: b.ID, Reason: reason,
				})
			}
		}
		prev = &b
	}
	return sp
}
