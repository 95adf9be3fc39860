package reconcile

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"
)

// Config tunes a Reconciler. Zero values select the defaults.
type Config struct {
	// Workers is the number of lines matched concurrently. Defaults to 4.
	Workers int
	// DateWindow is how far either side of the booking date a ledger entry
	// may have been posted. Defaults to three days.
	DateWindow time.Duration
	// MinScore is the lowest score accepted without review. Defaults to 20.
	MinScore int
	// AmbiguityMargin is how far the best candidate must lead the second
	// best to be chosen automatically. Defaults to 10.
	AmbiguityMargin int
	// LookupTimeout bounds each ledger query. Defaults to 5s.
	LookupTimeout time.Duration
}

func (c *Config) setDefaults() {
	if c.Workers <= 0 {
		c.Workers = 4
	}
	if c.DateWindow <= 0 {
		c.DateWindow = 72 * time.Hour
	}
	if c.MinScore <= 0 {
		c.MinScore = 20
	}
	if c.AmbiguityMargin <= 0 {
		c.AmbiguityMargin = 10
	}
	if c.LookupTimeout <= 0 {
		c.LookupTimeout = 5 * time.Second
	}
}

// Reconciler matches statement lines against a Ledger.
type Reconciler struct {
	cfg    Config
	ledger Ledger
}

// New returns a Reconciler backed by l.
func New(l Ledger, cfg Config) (*Reconciler, error) {
	if l == nil {
		return nil, errors.New("reconcile: ledger is required")
	}
	cfg.setDefaults()
	return &Reconciler{cfg: cfg, ledger: l}, nil
}

type outcome struct {
	line  StatementLine
	match *Match
	exc   *Exception
	err   error
}

// Reconcile matches lines in parallel. A ledger failure other than a closed
// period aborts the run and is returned.
func (r *Reconciler) Reconcile(ctx context.Context, lines []StatementLine) (*Report, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	jobs := make(chan StatementLine)
	go func() {
		defer close(jobs)
		for _, l := range lines {
			select {
			case jobs <- l:
			case <-ctx.Done():
				return
			}
		}
	}()

	cl := &claims{taken: make(map[string]string)}
	outcomes := make(chan outcome)
	var wg sync.WaitGroup
	for i := 0; i < r.cfg.Workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for line := range jobs {
				o := r.matchLine(ctx, cl, line)
				select {
				case outcomes <- o:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(outcomes)
	}()

	rep := &Report{}
	for o := range outcomes {
		switch {
		case o.err != nil:
			return nil, fmt.Errorf("reconcile: line %s: %w", o.line.ID, o.err)
		case o.match != nil:
			rep.Matched = append(rep.Matched, *o.match)
		case o.exc != nil:
			rep.Exceptions = append(rep.Exceptions, *o.exc)
		default:
			rep.Unmatched = append(rep.Unmatched, o.line.ID)
		}
	}
	sort.Slice(rep.Matched, func(i, j int) bool { return rep.Matched[i].LineID < rep.Matched[j].LineID })
	sort.Slice(rep.Exceptions, func(i, j int) bool { return rep.Exceptions[i].LineID < rep.Exceptions[j].LineID })
	sort.Strings(rep.Unmatched)
	return rep, nil
}

// matchLine finds the ledger entry that settles line, if one stands out.
func (r *Reconciler) matchLine(ctx context.Context, cl *claims, line StatementLine) outcome {
	lctx, cancel := context.WithTimeout(ctx, r.cfg.LookupTimeout)
	defer cancel()

	from, to := line.Booked.Add(-r.cfg.DateWindow), line.Booked.Add(r.cfg.DateWindow)
	cands, err := r.ledger.Candidates(lctx, line.Account, line.AmountCents, from, to)
	if errors.Is(err, ErrPeriodClosed) {
		return outcome{line: line, exc: &Exception{LineID: line.ID, Reason: "ledger period closed"}}
	}
	if err != nil {
		return outcome{line: line, err: fmt.Errorf("lookup candidates: %w", err)}
	}

	ranked := rank(line, cands)
	if len(ranked) == 0 {
		return outcome{line: line}
	}
	best := ranked[0]
	if best.score < r.cfg.MinScore {
		return outcome{line: line, exc: exception(line, "low confidence", ranked)}
	}
	if len(ranked) > 1 && best.score-ranked[1].score < r.cfg.AmbiguityMargin {
		return outcome{line: line, exc: exception(line, "ambiguous", ranked)}
	}
	if !cl.claim(best.entry.ID, line.ID) {
		return outcome{line: line, exc: exception(line, "entry already matched", ranked[:1])}
	}
	return outcome{line: line, match: &Match{LineID: line.ID, EntryID: best.entry.ID, Score: best.score}}
}

func exception(line StatementLine, reason string, ranked []scored) *Exception {
	ids := make([]string, len(ranked))
	for i, s := range ranked {
		ids[i] = s.entry.ID
	}
	return &Exception{LineID: line.ID, Reason: reason, Candidates: ids}
}
