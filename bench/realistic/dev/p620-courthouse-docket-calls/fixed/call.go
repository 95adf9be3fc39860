package docket

import (
	"context"
	"fmt"
	"sort"
	"sync"
)

// Report summarises a calendar call.
type Report struct {
	Calendar string
	Outcomes []Outcome
	Counts   map[Disposition]int
}

// SecondCalls lists the matters to call again, in calendar order.
func (r Report) SecondCalls() []Outcome {
	var out []Outcome
	for _, o := range r.Outcomes {
		if o.Disposition == SecondCall {
			out = append(out, o)
		}
	}
	return out
}

type tally struct {
	mu  sync.Mutex
	rep Report
}

func (t *tally) add(o Outcome) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.rep.Outcomes = append(t.rep.Outcomes, o)
	t.rep.Counts[o.Disposition]++
}

func (t *tally) report() Report {
	t.mu.Lock()
	defer t.mu.Unlock()
	r := t.rep
	r.Outcomes = append([]Outcome(nil), t.rep.Outcomes...)
	sort.Slice(r.Outcomes, func(i, j int) bool { return r.Outcomes[i].Line < r.Outcomes[j].Line })
	r.Counts = make(map[Disposition]int, len(t.rep.Counts))
	for k, v := range t.rep.Counts {
		r.Counts[k] = v
	}
	return r
}

type call struct {
	entry Entry
	kase  Case
}

// CallCalendar calls every matter on the calendar. A calendar that lists a
// case the index does not know, or a case from another department, is
// rejected: it has to be corrected and reprinted before the session.
func (c *Clerk) CallCalendar(ctx context.Context, cal Calendar) (Report, error) {
	t := &tally{rep: Report{Calendar: cal.ID, Counts: make(map[Disposition]int)}}
	c.cfg.Logger.Printf("dept %s: calling calendar %s, %d matters", cal.Department, cal.ID, len(cal.Entries))

	calls := make(chan call)
	g, gctx := newGroup(ctx)
	for i := 0; i < c.cfg.Deputies; i++ {
		g.Go(func() error { return c.deputy(gctx, cal.Department, calls, t) })
	}

feed:
	for _, e := range cal.Entries {
		k, err := c.cases.Lookup(gctx, e.CaseNumber)
		if err == nil && k.Department != cal.Department {
			err = fmt.Errorf("%w: %s is in dept %s", ErrWrongDepartment, k.Number, k.Department)
		}
		if err != nil {
			close(calls)
			_ = g.Wait()
			return t.report(), fmt.Errorf("docket: calendar %s line %d: %w", cal.ID, e.Line, err)
		}
		select {
		case calls <- call{entry: e, kase: k}:
		case <-gctx.Done():
			break feed
		}
	}
	close(calls)

	if err := g.Wait(); err != nil {
		return t.report(), fmt.Errorf("docket: calendar %s: %w", cal.ID, err)
	}
	rep := t.report()
	c.cfg.Logger.Printf("dept %s: calendar %s called: %v", cal.Department, cal.ID, rep.Counts)
	return rep, ctx.Err()
}

func (c *Clerk) deputy(ctx context.Context, dept string, calls <-chan call, t *tally) error {
	for cl := range calls {
		o, err := c.callMatter(ctx, dept, cl)
		if err != nil {
			return err
		}
		t.add(o)
		c.cfg.Logger.Printf("line %d %s: %s", cl.entry.Line, cl.kase.publicCaption(), o.Disposition)
	}
	return nil
}

func (c *Clerk) callMatter(ctx context.Context, dept string, cl call) (Outcome, error) {
	o := Outcome{Line: cl.entry.Line, Case: cl.kase.Number}
	var partyAbsent, counselAbsent bool
	for _, p := range cl.kase.Parties {
		here, err := c.lobby.CheckedIn(ctx, dept, p.Name)
		if err != nil {
			return o, fmt.Errorf("check-in for %s: %w", cl.kase.Number, err)
		}
		if !here {
			partyAbsent = true
			o.Absent = append(o.Absent, p.Name)
		}
		if p.Counsel == "" {
			continue
		}
		here, err = c.lobby.CheckedIn(ctx, dept, p.Counsel)
		if err != nil {
			return o, fmt.Errorf("check-in for %s: %w", cl.kase.Number, err)
		}
		if !here {
			counselAbsent = true
			o.Absent = append(o.Absent, p.Counsel)
		}
	}

	switch {
	case partyAbsent && cl.kase.Kind == Criminal:
		o.Disposition = BenchWarrant
	case partyAbsent && cl.entry.Hearing == "trial-setting":
		o.Disposition = FailedAppear
	case partyAbsent || counselAbsent:
		o.Disposition = SecondCall
	default:
		o.Disposition = Ready
	}

	if c.notify != nil {
		var errs []error
		for _, p := range cl.kase.Parties {
			if p.Counsel == "" {
				continue
			}
			if err := c.notify.Notify(ctx, p.Counsel, o); err != nil {
				errs = append(errs, err)
			}
		}
		if len(errs) > 0 {
			c.cfg.Logger.Printf("line %d: %d notices failed, first: %v", o.Line, len(errs), errs[0])
		}
	}
	return o, nil
}
