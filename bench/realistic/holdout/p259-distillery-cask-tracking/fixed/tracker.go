package casktrack

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// Ledger is the excise ledger the tracker writes through to.
type Ledger interface {
	Record(ctx context.Context, entries []Entry) error
}

// Config configures a Tracker.
type Config struct {
	Ledger Ledger
	// FlushInterval is how often pending entries are written to the ledger.
	FlushInterval time.Duration
	// CloseTimeout bounds how long Close waits for the final flush.
	CloseTimeout time.Duration
	// MaxAngelsShare rejects gaugings that imply a larger yearly loss.
	MaxAngelsShare float64
	Logger         *log.Logger
}

// Tracker holds the cask register.
type Tracker struct {
	cfg    Config
	log    *log.Logger
	cancel context.CancelFunc
	done   chan struct{}

	mu       sync.RWMutex
	casks    map[string]*Cask
	stows    map[Location]string
	pending  []Entry
	flushErr error
}

// New starts a Tracker and its background ledger writer.
func New(cfg Config) (*Tracker, error) {
	if cfg.Ledger == nil {
		return nil, errors.New("casktrack: no ledger configured")
	}
	if cfg.FlushInterval <= 0 {
		cfg.FlushInterval = time.Minute
	}
	if cfg.CloseTimeout <= 0 {
		cfg.CloseTimeout = 30 * time.Second
	}
	if cfg.MaxAngelsShare <= 0 {
		cfg.MaxAngelsShare = 0.04
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t := &Tracker{
		cfg:    cfg,
		log:    cfg.Logger,
		cancel: cancel,
		done:   make(chan struct{}),
		casks:  make(map[string]*Cask),
		stows:  make(map[Location]string),
	}
	go t.run(ctx)
	return t, nil
}

// Fill registers a newly filled cask at loc.
func (t *Tracker) Fill(c Cask) error {
	if c.ABV <= 0 || c.ABV > maxABV {
		return fmt.Errorf("casktrack: cask %s filled at %.1f%% ABV", c.ID, c.ABV)
	}
	if c.Litres <= 0 || c.Litres > c.CapacityL {
		return fmt.Errorf("casktrack: cask %s: %.0fL in a %.0fL cask", c.ID, c.Litres, c.CapacityL)
	}
	c.FillABV, c.FillLitre, c.GaugedAt = c.ABV, c.Litres, c.FilledAt

	t.mu.Lock()
	defer t.mu.Unlock()
	if _, ok := t.casks[c.ID]; ok {
		return fmt.Errorf("%w: %s", ErrDuplicateCask, c.ID)
	}
	if other, ok := t.stows[c.Location]; ok {
		return fmt.Errorf("%w: %s holds %s", ErrRackOccupied, c.Location, other)
	}
	t.casks[c.ID] = &c
	t.stows[c.Location] = c.ID
	t.pending = append(t.pending, Entry{Kind: EntryFill, CaskID: c.ID, At: c.FilledAt,
		Location: c.Location, Litres: c.Litres, ABV: c.ABV, LPA: c.LPA()})
	return nil
}

// Move records a cask being rolled to a new stow.
func (t *Tracker) Move(id string, to Location, at time.Time) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	c, ok := t.casks[id]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownCask, id)
	}
	if other, ok := t.stows[to]; ok && other != id {
		return fmt.Errorf("%w: %s holds %s", ErrRackOccupied, to, other)
	}
	delete(t.stows, c.Location)
	c.Location = to
	t.stows[to] = id
	t.pending = append(t.pending, Entry{Kind: EntryMove, CaskID: id, At: at, Location: to})
	return nil
}

// Regauge records a new gauging of a cask after checking it against the
// previous one.
func (t *Tracker) Regauge(id string, g Gauging) (share float64, err error) {
	t.mu.RLock()
	c, ok := t.casks[id]
	if !ok {
		t.mu.RUnlock()
		return 0, fmt.Errorf("%w: %s", ErrUnknownCask, id)
	}
	before := *c
	t.mu.RUnlock()

	if g.ABV < minLegalABV {
		t.log.Printf("casktrack: %s below %.0f%% ABV, cannot be sold as whisky", id, minLegalABV)
	}
	share, err = angelsShare(before, g)
	if err != nil {
		return 0, err
	}
	if share > t.cfg.MaxAngelsShare {
		return share, fmt.Errorf("%w: %s lost %.1f%% a year, check for a leaking stave",
			ErrBadGauging, id, share*100)
	}

	t.mu.Lock()
	defer t.mu.Unlock()
	if c.GaugedAt != before.GaugedAt {
		return 0, fmt.Errorf("%w: %s regauged concurrently", ErrBadGauging, id)
	}
	c.Litres, c.ABV, c.GaugedAt = g.Litres, g.ABV, g.At
	t.pending = append(t.pending, Entry{Kind: EntryGauging, CaskID: id, At: g.At,
		Location: c.Location, Litres: g.Litres, ABV: g.ABV, LPA: c.LPA()})
	return share, nil
}

// Lookup returns a copy of the cask record.
func (t *Tracker) Lookup(id string) (Cask, error) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	c, ok := t.casks[id]
	if !ok {
		return Cask{}, fmt.Errorf("%w: %s", ErrUnknownCask, id)
	}
	return *c, nil
}

// Close stops the ledger writer after a final flush of pending entries.
func (t *Tracker) Close() error {
	t.cancel()
	timer := time.NewTimer(t.cfg.CloseTimeout)
	defer timer.Stop()
	select {
	case <-t.done:
	case <-timer.C:
		return ErrCloseTimeout
	}
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.flushErr
}
