package matching

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"
)

// Waitlist returns the patients listed for an organ.
type Waitlist interface {
	Candidates(ctx context.Context, organ OrganKind) ([]Recipient, error)
}

// Lab runs a virtual crossmatch between a donor and a recipient. A
// positive crossmatch means the recipient has antibodies against the
// donor and must be skipped.
type Lab interface {
	Crossmatch(ctx context.Context, d Donor, r Recipient) (positive bool, err error)
}

// ErrExpired is reported for offers whose organ expired before allocation.
var ErrExpired = errors.New("matching: offer expired")

// ErrNoRecipient is reported when no listed patient can accept an offer.
var ErrNoRecipient = errors.New("matching: no compatible recipient")

// Matcher allocates offers on a pool of workers. Results are reported
// through the callback given to WithResults.
type Matcher struct {
	waitlist Waitlist
	lab      Lab
	workers  int
	onResult func(Result)
	now      func() time.Time

	q      *offerQueue
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// Option configures a Matcher.
type Option func(*Matcher)

// WithWorkers sets how many offers are evaluated concurrently.
func WithWorkers(n int) Option { return func(m *Matcher) { m.workers = n } }

// WithResults sets the callback that receives each allocation result.
func WithResults(f func(Result)) Option { return func(m *Matcher) { m.onResult = f } }

// WithClock replaces time.Now.
func WithClock(now func() time.Time) Option { return func(m *Matcher) { m.now = now } }

// NewMatcher starts the allocation workers.
func NewMatcher(w Waitlist, lab Lab, opts ...Option) *Matcher {
	ctx, cancel := context.WithCancel(context.Background())
	m := &Matcher{
		waitlist: w,
		lab:      lab,
		workers:  4,
		onResult: func(Result) {},
		now:      time.Now,
		q:        newOfferQueue(),
		ctx:      ctx,
		cancel:   cancel,
	}
	for _, o := range opts {
		o(m)
	}
	for i := 0; i < m.workers; i++ {
		m.wg.Add(1)
		go m.work()
	}
	return m
}

// Submit queues an offer for allocation.
func (m *Matcher) Submit(o Offer) error {
	if o.ID == "" {
		return errors.New("matching: offer without ID")
	}
	return m.q.push(o)
}

// IdleWorkers reports how many workers are waiting for offers.
func (m *Matcher) IdleWorkers() int {
	_, idle := m.q.stats()
	return idle
}

// Shutdown stops accepting offers, lets queued offers be allocated and
// waits for the workers to exit or for ctx to be done.
func (m *Matcher) Shutdown(ctx context.Context) error {
	m.q.close()
	done := make(chan struct{})
	go func() {
		m.wg.Wait()
		close(done)
	}()
	defer m.cancel()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("matching: shutdown: %w", ctx.Err())
	}
}

func (m *Matcher) work() {
	defer m.wg.Done()
	for {
		o, ok := m.q.pop()
		if !ok {
			return
		}
		m.onResult(m.allocate(o))
	}
}

func (m *Matcher) allocate(o Offer) Result {
	res := Result{OfferID: o.ID}
	now := m.now()
	if !now.Before(o.Expires) {
		res.Err = ErrExpired
		return res
	}
	ctx, cancel := context.WithDeadline(m.ctx, o.Expires)
	defer cancel()

	list, err := m.waitlist.Candidates(ctx, o.Organ)
	if err != nil {
		res.Err = fmt.Errorf("matching: waitlist: %w", err)
		return res
	}
	type ranked struct {
		r     Recipient
		score float64
	}
	var cands []ranked
	for _, r := range list {
		if eligible(o, r) {
			cands = append(cands, ranked{r, score(o, r, now)})
		}
	}
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].score != cands[j].score {
			return cands[i].score > cands[j].score
		}
		return cands[i].r.Listed.Before(cands[j].r.Listed)
	})
	for _, c := range cands {
		positive, err := m.lab.Crossmatch(ctx, o.Donor, c.r)
		if err != nil {
			res.Err = fmt.Errorf("matching: crossmatch %s: %w", c.r.ID, err)
			return res
		}
		if !positive {
			res.Recipient, res.Score = c.r.ID, c.score
			return res
		}
	}
	res.Err = ErrNoRecipient
	return res
}
