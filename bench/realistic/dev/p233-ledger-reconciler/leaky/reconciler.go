package reconcile

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"
)

const (
	defaultWorkers       = 4
	defaultDateTolerance = 72 * time.Hour
)

// Option configures a Reconciler.
type Option func(*Reconciler)

// WithWorkers sets how many bank lines are matched concurrently.
func WithWorkers(n int) Option {
	return func(r *Reconciler) {
		if n > 0 {
			r.workers = n
		}
	}
}

// WithDateTolerance sets how far the booking date of an entry may be from
// the value date of a bank line for the two to match.
func WithDateTolerance(d time.Duration) Option {
	return func(r *Reconciler) {
		if d >= 0 {
			r.tolerance = d
		}
	}
}

// Reconciler matches bank statement lines against ledger entries.
// It is safe for concurrent use; each call to Reconcile is independent.
type Reconciler struct {
	store     EntryStore
	workers   int
	tolerance time.Duration
}

// New returns a Reconciler reading ledger entries from store.
func New(store EntryStore, opts ...Option) *Reconciler {
	r := &Reconciler{
		store:     store,
		workers:   defaultWorkers,
		tolerance: defaultDateTolerance,
	}
	for _, opt := range opts {
		opt(r)
	}
	return r
}

type job struct {
	idx  int
	line BankLine
}

// run holds the state shared by the workers of one Reconcile call.
type run struct {
	mu      sync.Mutex
	claimed map[string]string // entry ID -> bank line ID
	matches []*Match          // indexed like the input lines
	err     error
	cancel  context.CancelFunc
}

func (rn *run) fail(err error) {
	rn.mu.Lock()
	if rn.err == nil {
		rn.err = err
	}
	rn.mu.Unlock()
	rn.cancel()
}

// claim records that entryID explains lineID. It returns false if another
// line already claimed the entry.
func (rn *run) claim(entryID, lineID string) bool {
	rn.mu.Lock()
	defer rn.mu.Unlock()
	if _, taken := rn.claimed[entryID]; taken {
		return false
	}
	rn.claimed[entryID] = lineID
	return true
}

// Reconcile matches lines against the ledger. Lines are processed
// concurrently; the first store error aborts the run and is returned.
func (r *Reconciler) Reconcile(ctx context.Context, lines []BankLine) (*Report, error) {
	for _, l := range lines {
		if l.ID == "" || l.Account == "" || l.Currency == "" {
			return nil, fmt.Errorf("line %q: %w", l.ID, ErrInvalidLine)
		}
	}
	if len(lines) == 0 {
		return &Report{}, nil
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	rn := &run{
		claimed: make(map[string]string),
		matches: make([]*Match, len(lines)),
		cancel:  cancel,
	}
	jobs := make(chan job)
	go feed(jobs, lines)

	workers := r.workers
	if workers > len(lines) {
		workers = len(lines)
	}
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.work(ctx, rn, jobs)
		}()
	}
	wg.Wait()

	if rn.err != nil {
		return nil, fmt.Errorf("reconcile: %w", rn.err)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("reconcile: %w", err)
	}

	rep := &Report{}
	for i, m := range rn.matches {
		if m == nil {
			rep.Unmatched = append(rep.Unmatched, lines[i])
			continue
		}
		rep.Matched = append(rep.Matched, *m)
	}
	return rep, nil
}

// feed hands the lines to the workers in statement order.
func feed(jobs chan<- job, lines []BankLine) {
	defer close(jobs)
	for i, l := range lines {
		jobs <- job{idx: i, line: l} // leak: workers have all returned after a store error, nobody receives
	}
}

func (r *Reconciler) work(ctx context.Context, rn *run, jobs <-chan job) {
	for {
		select {
		case <-ctx.Done():
			return
		case j, ok := <-jobs:
			if !ok {
				return
			}
			m, err := r.match(ctx, rn, j.line)
			if err != nil {
				rn.fail(fmt.Errorf("line %s: %w", j.line.ID, err))
				return
			}
			rn.mu.Lock()
			rn.matches[j.idx] = m
			rn.mu.Unlock()
		}
	}
}

// match finds the best unclaimed entry for line, or returns nil if there is
// none.
func (r *Reconciler) match(ctx context.Context, rn *run, line BankLine) (*Match, error) {
	cands, err := r.store.FindEntries(ctx, Query{
		Account:  line.Account,
		Currency: line.Currency,
		Amount:   line.Amount,
		From:     line.ValueDate.Add(-r.tolerance),
		To:       line.ValueDate.Add(r.tolerance),
	})
	if err != nil {
		return nil, fmt.Errorf("find entries: %w", err)
	}
	rankCandidates(line, cands)
	for _, e := range cands {
		if !rn.claim(e.ID, line.ID) {
			continue
		}
		return &Match{
			Line:        line,
			Entry:       e,
			ByReference: sameReference(line.Reference, e.Reference),
		}, nil
	}
	return nil, nil
}

// rankCandidates orders cands from best to worst match for line.
func rankCandidates(line BankLine, cands []Entry) {
	sort.SliceStable(cands, func(i, j int) bool {
		ri := sameReference(line.Reference, cands[i].Reference)
		rj := sameReference(line.Reference, cands[j].Reference)
		if ri != rj {
			return ri
		}
		return distance(line.ValueDate, cands[i].BookedAt) < distance(line.ValueDate, cands[j].BookedAt)
	})
}

// sameReference compares payment references the way banks tend to mangle
// them: case-insensitively and ignoring spaces.
func sameReference(a, b string) bool {
	norm := func(s string) string {
		return strings.ToUpper(strings.ReplaceAll(s, " ", ""))
	}
	na, nb := norm(a), norm(b)
	return na != "" && na == nb
}

func distance(a, b time.Time) time.Duration {
	d := a.Sub(b)
	if d < 0 {
		return -d
	}
	return d
}
