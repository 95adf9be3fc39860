// Package kennel is the booking desk of a boarding kennel: it quotes stays,
// places short holds on runs while the owner decides, and confirms bookings.
package kennel

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"sync"
	"time"
)

// Size is the run size a dog needs.
type Size string

// Run sizes.
const (
	Small  Size = "small"
	Medium Size = "medium"
	Large  Size = "large"
	Giant  Size = "giant"
)

var sizeRank = map[Size]int{Small: 1, Medium: 2, Large: 3, Giant: 4}

// Run is one kennel run.
type Run struct {
	ID      string
	Size    Size
	Outdoor bool
}

// Store persists holds and bookings for the front office.
type Store interface {
	SaveHold(ctx context.Context, h Hold) error
	ReleaseHold(ctx context.Context, holdID string) error
	SaveBooking(ctx context.Context, b Booking) error
}

// Promotions looks up loyalty discounts for a customer.
type Promotions interface {
	Discount(ctx context.Context, customerID string, nights int) (percent int, err error)
}

// Config configures a Desk.
type Config struct {
	Runs          []Run
	NightlyRates  map[Size]int64
	HoldTTL       time.Duration
	SweepInterval time.Duration
	ClosedDates   []time.Time
	Logger        *log.Logger
	Now           func() time.Time
}

// Desk takes bookings for one kennel.
type Desk struct {
	store  Store
	promos Promotions
	log    *log.Logger
	now    func() time.Time
	ttl    time.Duration

	cancel    context.CancelFunc
	sweepDone chan struct{}

	mu       sync.RWMutex
	runs     map[string]Run
	rates    map[Size]int64
	closed   map[string]bool
	holds    map[string]Hold
	bookings map[string]Booking
	seq      int
}

// New opens the desk and starts expiring unconfirmed holds.
func New(cfg Config, store Store, promos Promotions) (*Desk, error) {
	if len(cfg.Runs) == 0 {
		return nil, errors.New("kennel: no runs configured")
	}
	if store == nil || promos == nil {
		return nil, errors.New("kennel: store and promotions are required")
	}
	if cfg.HoldTTL == 0 {
		cfg.HoldTTL = 15 * time.Minute
	}
	if cfg.SweepInterval == 0 {
		cfg.SweepInterval = time.Minute
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(os.Stderr, "kennel: ", log.LstdFlags)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	d := &Desk{
		store:     store,
		promos:    promos,
		log:       cfg.Logger,
		now:       cfg.Now,
		ttl:       cfg.HoldTTL,
		sweepDone: make(chan struct{}),
		runs:      make(map[string]Run, len(cfg.Runs)),
		rates:     make(map[Size]int64, len(cfg.NightlyRates)),
		closed:    make(map[string]bool, len(cfg.ClosedDates)),
		holds:     make(map[string]Hold),
		bookings:  make(map[string]Booking),
	}
	for _, r := range cfg.Runs {
		if _, ok := sizeRank[r.Size]; !ok {
			return nil, fmt.Errorf("kennel: run %s has unknown size %q", r.ID, r.Size)
		}
		d.runs[r.ID] = r
	}
	for s, cents := range cfg.NightlyRates {
		d.rates[s] = cents
	}
	for _, day := range cfg.ClosedDates {
		d.closed[dayKey(day)] = true
	}
	ctx, cancel := context.WithCancel(context.Background())
	d.cancel = cancel
	go d.sweepLoop(ctx, cfg.SweepInterval)
	return d, nil
}

// SetRate changes the nightly rate for a run size.
func (d *Desk) SetRate(s Size, cents int64) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.rates[s] = cents
}

// Holds returns the number of unconfirmed holds.
func (d *Desk) Holds() int {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return len(d.holds)
}

// Close stops the hold sweeper, releasing every open hold on the way out.
func (d *Desk) Close(ctx context.Context) error {
	d.cancel()
	select {
	case <-d.sweepDone:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("kennel: waiting for hold sweeper: %w", ctx.Err())
	}
}

func (d *Desk) sweepLoop(ctx context.Context, every time.Duration) {
	defer close(d.sweepDone)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			rctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			n := d.sweep(rctx, time.Time{})
			cancel()
			d.log.Printf("kennel: desk closed, %d open holds released", n)
			return
		case <-t.C:
			if n := d.sweep(ctx, d.now()); n > 0 {
				d.log.Printf("kennel: %d holds expired", n)
			}
		}
	}
}

// sweep drops holds that expired before cutoff; a zero cutoff drops all.
func (d *Desk) sweep(ctx context.Context, cutoff time.Time) int {
	d.mu.Lock() // leak: blocked behind a read lock that was never released
	var expired []string
	for id, h := range d.holds {
		if cutoff.IsZero() || h.Expires.Before(cutoff) {
			expired = append(expired, id)
			delete(d.holds, id)
		}
	}
	d.mu.Unlock()

	for _, id := range expired {
		if err := d.store.ReleaseHold(ctx, id); err != nil {
			d.log.Printf("kennel: release hold %s: %v", id, err)
		}
	}
	return len(expired)
}

func dayKey(t time.Time) string { return t.Format("2006-01-02") }
