package interloan

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// Config holds broker settings.
type Config struct {
	MaxActivePerPatron int
	HoldTTL            time.Duration
	SweepInterval      time.Duration
	QuoteTimeout       time.Duration
	MaxFeeCents        int
	Logger             *log.Logger
	Now                func() time.Time
	// NewTicker is used by the expiry sweeper; tests substitute a manual one.
	NewTicker func(d time.Duration) (<-chan time.Time, func())
}

func (c *Config) setDefaults() {
	if c.MaxActivePerPatron == 0 {
		c.MaxActivePerPatron = 5
	}
	if c.HoldTTL == 0 {
		c.HoldTTL = 72 * time.Hour
	}
	if c.SweepInterval == 0 {
		c.SweepInterval = 10 * time.Minute
	}
	if c.QuoteTimeout == 0 {
		c.QuoteTimeout = 5 * time.Second
	}
	if c.Logger == nil {
		c.Logger = log.New(io.Discard, "", 0)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.NewTicker == nil {
		c.NewTicker = func(d time.Duration) (<-chan time.Time, func()) {
			t := time.NewTicker(d)
			return t.C, t.Stop
		}
	}
}

// Broker places holds with partner libraries and expires holds that are not
// picked up in time.
type Broker struct {
	cfg     Config
	lenders map[string]Lender
	order   []string

	mu     sync.Mutex
	seq    int
	holds  map[string]*Hold
	active map[string]int

	closed    atomic.Bool
	closeOnce sync.Once
	stop      chan struct{}
}

// New creates a broker and starts its expiry sweeper.
func New(cfg Config, lenders ...Lender) (*Broker, error) {
	if len(lenders) == 0 {
		return nil, errors.New("interloan: at least one lender is required")
	}
	cfg.setDefaults()
	b := &Broker{
		cfg:     cfg,
		lenders: make(map[string]Lender, len(lenders)),
		holds:   make(map[string]*Hold),
		active:  make(map[string]int),
		stop:    make(chan struct{}),
	}
	for _, l := range lenders {
		if _, dup := b.lenders[l.Name()]; dup {
			return nil, fmt.Errorf("interloan: duplicate lender %q", l.Name())
		}
		b.lenders[l.Name()] = l
		b.order = append(b.order, l.Name())
	}
	ticks, stopTicker := cfg.NewTicker(cfg.SweepInterval)
	go b.sweepLoop(ticks, stopTicker)
	return b, nil
}

// PlaceHold finds a partner library that can supply the title and reserves it.
func (b *Broker) PlaceHold(ctx context.Context, req Request) (Hold, error) {
	if b.closed.Load() {
		return Hold{}, ErrClosed
	}
	if err := req.validate(); err != nil {
		return Hold{}, err
	}

	b.mu.Lock()
	if n := b.active[req.Patron]; n >= b.cfg.MaxActivePerPatron {
		b.cfg.Logger.Printf("patron %s refused %s: %d active holds", req.Patron, req.ISBN, n)
		return Hold{}, fmt.Errorf("%w (%d)", ErrHoldLimit, n)
	}
	for _, h := range b.holds {
		if h.Request.Patron == req.Patron && h.Request.ISBN == req.ISBN && h.Status.active() {
			b.mu.Unlock()
			return Hold{}, ErrDuplicateHold
		}
	}
	b.seq++
	id := fmt.Sprintf("ILL-%06d", b.seq)
	b.holds[id] = &Hold{ID: id, Request: req, Status: StatusPending, PlacedAt: b.cfg.Now()}
	b.active[req.Patron]++
	b.mu.Unlock()

	lender, quote, err := b.pickLender(ctx, req.ISBN)
	if err == nil {
		err = lender.Reserve(ctx, req.ISBN, id)
	}
	if err != nil {
		b.finish(id, StatusFailed)
		return Hold{}, err
	}

	b.mu.Lock()
	defer b.mu.Unlock()
	h := b.holds[id]
	h.Lender = lender.Name()
	h.Status = StatusReserved
	h.FeeCents = quote.FeeCents
	h.ShipDays = quote.ShipDays
	h.ExpiresAt = h.PlacedAt.Add(time.Duration(quote.ShipDays)*24*time.Hour + b.cfg.HoldTTL)
	b.cfg.Logger.Printf("hold %s: %s for %s via %s", id, req.ISBN, req.Patron, h.Lender)
	return *h, nil
}

// Fulfil marks a hold as picked up by the patron.
func (b *Broker) Fulfil(id string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	h, ok := b.holds[id]
	if !ok || !h.Status.active() {
		return ErrUnknownHold
	}
	h.Status = StatusFulfilled
	b.active[h.Request.Patron]--
	return nil
}

// Holds returns a patron's holds, oldest first.
func (b *Broker) Holds(patron string) []Hold {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []Hold
	for _, h := range b.holds {
		if h.Request.Patron == patron {
			out = append(out, *h)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Close stops the sweeper. Holds already placed stay with their lenders.
func (b *Broker) Close() error {
	b.closed.Store(true)
	b.closeOnce.Do(func() { close(b.stop) })
	return nil
}

func (b *Broker) finish(id string, st Status) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if h, ok := b.holds[id]; ok && h.Status.active() {
		h.Status = st
		b.active[h.Request.Patron]--
	}
}
