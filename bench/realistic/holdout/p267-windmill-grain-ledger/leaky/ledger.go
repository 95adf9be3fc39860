package grainledger

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"math"
	"sync"
	"time"
)

// Config holds the miller's terms for the season.
type Config struct {
	Season       string
	TollFraction float64
	Extraction   map[Crop]float64
	FeePerKgP    map[Crop]float64
	CarryOverKg  float64
}

// Option customises a Ledger.
type Option func(*Ledger)

// WithLogger sets the ledger's logger.
func WithLogger(l *log.Logger) Option { return func(g *Ledger) { g.log = l } }

// WithClock overrides time.Now.
func WithClock(now func() time.Time) Option { return func(g *Ledger) { g.now = now } }

// Ledger keeps the per-farmer accounts of a windmill for one season.
type Ledger struct {
	cfg   Config
	rates rates
	store StatementStore
	log   *log.Logger
	now   func() time.Time

	mu      sync.Mutex
	closed  bool
	tallies map[string]chan tallyOp
	pending []Statement
	issued  int
}

// New opens a ledger for the season in cfg.
func New(cfg Config, store StatementStore, opts ...Option) (*Ledger, error) {
	if store == nil {
		return nil, errors.New("grainledger: statement store is required")
	}
	if cfg.TollFraction < 0 || cfg.TollFraction >= 1 {
		return nil, fmt.Errorf("grainledger: toll fraction %.2f out of range", cfg.TollFraction)
	}
	if len(cfg.Extraction) == 0 {
		return nil, errors.New("grainledger: no extraction rates")
	}
	l := &Ledger{
		cfg:     cfg,
		rates:   rates{tollFraction: cfg.TollFraction, extraction: cfg.Extraction, feePerKgP: cfg.FeePerKgP},
		store:   store,
		log:     log.New(io.Discard, "", 0),
		now:     time.Now,
		tallies: make(map[string]chan tallyOp),
	}
	for _, o := range opts {
		o(l)
	}
	return l, nil
}

func (l *Ledger) send(ctx context.Context, ch chan tallyOp, op tallyOp) (Balance, error) {
	op.reply = make(chan tallyReply, 1)
	select {
	case ch <- op:
	case <-ctx.Done():
		return Balance{}, ctx.Err()
	}
	select {
	case r := <-op.reply:
		return r.bal, r.err
	case <-ctx.Done():
		return Balance{}, ctx.Err()
	}
}

// Record books a delivery of grain, opening an account for the farmer if
// needed.
func (l *Ledger) Record(ctx context.Context, d Delivery) error {
	if d.Kg <= 0 {
		return fmt.Errorf("grainledger: invalid weight %.1fkg", d.Kg)
	}
	if d.At.IsZero() {
		d.At = l.now()
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return ErrClosed
	}
	ch, ok := l.tallies[d.Farmer]
	if !ok {
		ch = spawnTally(d.Farmer, l.rates, l.log)
		l.tallies[d.Farmer] = ch
	}
	_, err := l.send(ctx, ch, tallyOp{kind: opDeliver, delivery: d})
	return err
}

// Collect records flour handed over to a farmer.
func (l *Ledger) Collect(ctx context.Context, farmer string, kg float64) (Balance, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	ch, ok := l.tallies[farmer]
	if !ok {
		return Balance{}, fmt.Errorf("%w: %s", ErrUnknownFarmer, farmer)
	}
	return l.send(ctx, ch, tallyOp{kind: opCollect, kg: kg})
}

// Balance returns a farmer's current account.
func (l *Ledger) Balance(ctx context.Context, farmer string) (Balance, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	ch, ok := l.tallies[farmer]
	if !ok {
		return Balance{}, fmt.Errorf("%w: %s", ErrUnknownFarmer, farmer)
	}
	return l.send(ctx, ch, tallyOp{kind: opQuery})
}

// Settle closes a farmer's account and issues a statement. Flour still held
// up to CarryOverKg is carried to next season. If the statement cannot be
// stored it is kept and retried by Flush, and ErrDeferred is returned.
func (l *Ledger) Settle(ctx context.Context, farmer string) (Statement, error) {
	l.mu.Lock()
	ch, ok := l.tallies[farmer]
	if !ok {
		l.mu.Unlock()
		return Statement{}, fmt.Errorf("%w: %s", ErrUnknownFarmer, farmer)
	}
	delete(l.tallies, farmer)
	l.issued++
	ref := reference(l.cfg.Season, farmer, l.issued)
	l.mu.Unlock()

	bal, err := l.send(ctx, ch, tallyOp{kind: opQuery})
	if err != nil {
		return Statement{}, fmt.Errorf("settle %s: %w", farmer, err)
	}

	st := Statement{
		Season:     l.cfg.Season,
		Farmer:     farmer,
		Balance:    bal,
		CarriedKg:  math.Min(bal.Outstanding(), l.cfg.CarryOverKg),
		FeeDueP:    bal.GrindingFeeP,
		PreparedAt: l.now(),
		Reference:  ref,
	}
	if err := l.store.Save(ctx, st); err != nil {
		l.mu.Lock()
		l.pending = append(l.pending, st)
		l.mu.Unlock()
		l.log.Printf("statement %s not stored, will retry: %v", ref, err)
		return st, fmt.Errorf("%w: %s: %v", ErrDeferred, ref, err)
	}
	close(ch)

	l.log.Printf("settled %s: %.1fkg flour outstanding, fee %dp", farmer, bal.Outstanding(), st.FeeDueP)
	return st, nil
}

// Flush retries statements that could not be stored earlier.
func (l *Ledger) Flush(ctx context.Context) error {
	l.mu.Lock()
	pending := l.pending
	l.pending = nil
	l.mu.Unlock()

	var failed []Statement
	var firstErr error
	for _, st := range pending {
		if err := l.store.Save(ctx, st); err != nil {
			failed = append(failed, st)
			if firstErr == nil {
				firstErr = fmt.Errorf("statement %s: %w", st.Reference, err)
			}
		}
	}
	if len(failed) > 0 {
		l.mu.Lock()
		l.pending = append(failed, l.pending...)
		l.mu.Unlock()
	}
	return firstErr
}

// Close ends the season: every open account is closed and outstanding
// statements are flushed.
func (l *Ledger) Close(ctx context.Context) error {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return nil
	}
	l.closed = true
	open := len(l.tallies)
	for farmer, ch := range l.tallies {
		close(ch)
		delete(l.tallies, farmer)
	}
	l.mu.Unlock()

	l.log.Printf("season %s closed with %d open accounts", l.cfg.Season, open)
	return l.Flush(ctx)
}
