// Package gantry turns transponder and plate reads from an open-road tolling
// gantry into toll transactions posted to the back-office ledger.
package gantry

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"sync"
	"time"
)

// VehicleClass is the axle class reported by the gantry's classifier.
type VehicleClass int

// Vehicle classes used by the rate table.
const (
	ClassMotorcycle VehicleClass = iota + 1
	ClassCar
	ClassLightTruck
	ClassHeavyTruck
)

// TagRead is one vehicle passage seen by the gantry. TagID is empty when no
// transponder answered; Plate is empty when the plate camera missed.
type TagRead struct {
	TagID   string
	Plate   string
	Lane    int
	Antenna int
	Class   VehicleClass
	At      time.Time
}

func (r TagRead) validate() error {
	switch {
	case r.TagID == "" && r.Plate == "":
		return errors.New("read has neither tag nor plate")
	case r.Class < ClassMotorcycle || r.Class > ClassHeavyTruck:
		return fmt.Errorf("unknown vehicle class %d", r.Class)
	case r.At.IsZero():
		return errors.New("read has no timestamp")
	}
	return nil
}

// Errors returned by Handle.
var (
	ErrUnknownTag    = errors.New("gantry: tag not registered")
	ErrDuplicateRead = errors.New("gantry: duplicate read")
)

// AccountStatus is the billing state of a toll account.
type AccountStatus int

// Account states.
const (
	StatusActive AccountStatus = iota
	StatusLowBalance
	StatusSuspended
)

// Account is a prepaid toll account bound to a transponder.
type Account struct {
	ID          string
	TagID       string
	Status      AccountStatus
	DiscountPct int
}

// Alert is a plate of interest published by a law-enforcement hotlist.
type Alert struct {
	Plate  string
	Agency string
	Reason string
}

// AccountStore resolves transponders to accounts.
type AccountStore interface {
	ByTag(ctx context.Context, tagID string) (Account, error)
}

// Hotlist checks plates against lists of vehicles of interest.
type Hotlist interface {
	Check(ctx context.Context, plate string) (Alert, bool, error)
}

// Ledger records toll transactions.
type Ledger interface {
	Post(ctx context.Context, txn Txn) error
}

// Stats counts what the gantry has done since it started.
type Stats struct {
	Reads        int
	Posted       int
	VideoTolls   int
	Flagged      int
	Duplicates   int
	Rejected     int
	LookupErrors int
	PostErrors   int
}

// Option configures a Gantry.
type Option func(*Gantry)

// WithLogger sets the logger.
func WithLogger(l *log.Logger) Option { return func(g *Gantry) { g.log = l } }

// WithLookupTimeout bounds the account and hotlist lookups for one read.
func WithLookupTimeout(d time.Duration) Option { return func(g *Gantry) { g.lookupTimeout = d } }

// WithDedupeWindow sets how long repeated reads of one vehicle are ignored.
func WithDedupeWindow(d time.Duration) Option { return func(g *Gantry) { g.dedupeWindow = d } }

// WithRates replaces the default rate table.
func WithRates(rt RateTable) Option { return func(g *Gantry) { g.rates = rt } }

// Gantry processes the reads of one tolling point.
type Gantry struct {
	id            string
	accounts      AccountStore
	hotlist       Hotlist
	ledger        Ledger
	log           *log.Logger
	lookupTimeout time.Duration
	dedupeWindow  time.Duration
	rates         RateTable

	mu     sync.Mutex
	recent map[string]time.Time
	seq    uint64
	stats  Stats
}

// New builds a gantry processor.
func New(id string, accounts AccountStore, hotlist Hotlist, ledger Ledger, opts ...Option) (*Gantry, error) {
	if id == "" {
		return nil, errors.New("gantry: id is required")
	}
	if accounts == nil || hotlist == nil || ledger == nil {
		return nil, errors.New("gantry: accounts, hotlist and ledger are required")
	}
	g := &Gantry{
		id:            id,
		accounts:      accounts,
		hotlist:       hotlist,
		ledger:        ledger,
		log:           log.New(os.Stderr, "gantry: ", log.LstdFlags),
		lookupTimeout: 250 * time.Millisecond,
		dedupeWindow:  3 * time.Second,
		rates:         DefaultRates(),
		recent:        make(map[string]time.Time),
	}
	for _, opt := range opts {
		opt(g)
	}
	return g, nil
}

// Stats returns a copy of the gantry counters.
func (g *Gantry) Stats() Stats {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.stats
}

func (g *Gantry) count(f func(*Stats)) {
	g.mu.Lock()
	f(&g.stats)
	g.mu.Unlock()
}

// Run handles reads until the channel is closed or ctx is done. Failed
// reads are logged and left for the reconciliation job.
func (g *Gantry) Run(ctx context.Context, reads <-chan TagRead) error {
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case r, ok := <-reads:
			if !ok {
				return nil
			}
			if _, err := g.Handle(ctx, r); err != nil && !errors.Is(err, ErrDuplicateRead) {
				g.log.Printf("gantry %s: lane %d read at %s: %v", g.id, r.Lane, r.At.Format(time.RFC3339), err)
			}
		}
	}
}

// Handle turns one read into a posted transaction.
func (g *Gantry) Handle(ctx context.Context, r TagRead) (Txn, error) {
	g.count(func(s *Stats) { s.Reads++ })
	if err := r.validate(); err != nil {
		g.count(func(s *Stats) { s.Rejected++ })
		return Txn{}, fmt.Errorf("gantry %s: %w", g.id, err)
	}
	if g.duplicate(r) {
		g.count(func(s *Stats) { s.Duplicates++ })
		return Txn{}, ErrDuplicateRead
	}

	lctx, cancel := context.WithTimeout(ctx, g.lookupTimeout)
	defer cancel()
	var accountCh <-chan accountResult
	if r.TagID != "" {
		accountCh = g.fetchAccount(lctx, r.TagID)
	}
	var alertCh <-chan hotlistResult
	if r.Plate != "" {
		alertCh = g.checkHotlist(lctx, r.Plate)
	}

	var acct *Account
	if accountCh != nil {
		res := <-accountCh
		switch {
		case res.err == nil:
			acct = &res.account
		case errors.Is(res.err, ErrUnknownTag):
			g.log.Printf("gantry %s: tag %s not registered, billing by plate", g.id, r.TagID)
		default:
			g.count(func(s *Stats) { s.LookupErrors++ })
			return Txn{}, fmt.Errorf("gantry %s: account for tag %s: %w", g.id, r.TagID, res.err)
		}
	}
	var hit hotlistResult
	if alertCh != nil {
		hit = <-alertCh
		if hit.err != nil {
			g.log.Printf("gantry %s: hotlist check for %s failed: %v", g.id, r.Plate, hit.err)
		}
	}

	txn, err := g.buildTxn(r, acct, hit)
	if err != nil {
		g.count(func(s *Stats) { s.Rejected++ })
		return Txn{}, err
	}
	if err := g.ledger.Post(ctx, txn); err != nil {
		g.count(func(s *Stats) { s.PostErrors++ })
		return Txn{}, fmt.Errorf("gantry %s: post %s: %w", g.id, txn.ID, err)
	}
	g.count(func(s *Stats) {
		s.Posted++
		if txn.Method == MethodVideo {
			s.VideoTolls++
		}
		if txn.Flagged {
			s.Flagged++
		}
	})
	return txn, nil
}
