package tolls

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
)

var (
	ErrClosed      = errors.New("tolls: toll house closed")
	ErrUnknownLock = errors.New("tolls: unknown lock")
)

// Receipt is issued for every charged lockage. Receipt numbers are
// sequential per lock, as required by the navigation authority.
type Receipt struct {
	Number      string
	LockID      string
	ENI         string
	AmountCents int64
	Passage     Passage
}

// Ledger is the accounting system receipts are posted to.
type Ledger interface {
	Post(ctx context.Context, r Receipt) error
}

// Logger is the subset of *log.Logger used here.
type Logger interface {
	Printf(format string, args ...interface{})
}

// LockConfig is one lock on the waterway with its own tariff.
type LockConfig struct {
	ID     string
	Name   string
	Tariff Tariff
}

// Config configures a TollHouse.
type Config struct {
	Locks  []LockConfig
	Ledger Ledger
	Logger Logger
	// DefaultTariff is used for locks that are not listed, when
	// AcceptUnlisted is set (for example a lock reopened after works
	// before the configuration has been updated).
	DefaultTariff  Tariff
	AcceptUnlisted bool
	// QueueSize is the number of lockages that may wait at one lock.
	QueueSize int
}

// TollHouse charges lockages. Each lock has a station that issues its
// receipts in order.
type TollHouse struct {
	cfg Config
	log Logger

	mu       sync.RWMutex
	stations map[string]*station
	order    []string
	closed   bool
}

// New starts a station for every configured lock.
func New(cfg Config) (*TollHouse, error) {
	if cfg.Ledger == nil {
		return nil, errors.New("tolls: no ledger configured")
	}
	if len(cfg.Locks) == 0 && !cfg.AcceptUnlisted {
		return nil, errors.New("tolls: no locks configured")
	}
	if cfg.QueueSize <= 0 {
		cfg.QueueSize = 8
	}
	h := &TollHouse{cfg: cfg, log: cfg.Logger, stations: make(map[string]*station)}
	if h.log == nil {
		h.log = log.Default()
	}
	for _, lc := range cfg.Locks {
		if _, dup := h.stations[lc.ID]; dup {
			return nil, fmt.Errorf("tolls: lock %s listed twice", lc.ID)
		}
		h.startStation(lc)
	}
	return h, nil
}

func (h *TollHouse) startStation(lc LockConfig) *station {
	st := &station{
		lock:   lc,
		ledger: h.cfg.Ledger,
		log:    h.log,
		reqs:   make(chan chargeReq, h.cfg.QueueSize),
	}
	h.stations[lc.ID] = st
	h.order = append(h.order, lc.ID)
	go st.run()
	return st
}

func (h *TollHouse) stationFor(lockID string) (*station, error) {
	h.mu.RLock()
	st, ok := h.stations[lockID]
	closed := h.closed
	h.mu.RUnlock()
	if closed {
		return nil, ErrClosed
	}
	if ok {
		return st, nil
	}
	if !h.cfg.AcceptUnlisted {
		return nil, fmt.Errorf("%w: %s", ErrUnknownLock, lockID)
	}

	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, ErrClosed
	}
	if st, ok := h.stations[lockID]; ok {
		return st, nil
	}
	h.log.Printf("lock %s is not configured, charging at the default tariff", lockID)
	return h.startStation(LockConfig{ID: lockID, Name: lockID, Tariff: h.cfg.DefaultTariff}), nil
}

// Charge prices a lockage, posts it to the ledger and returns the receipt.
func (h *TollHouse) Charge(ctx context.Context, p Passage) (Receipt, error) {
	if err := p.validate(); err != nil {
		return Receipt{}, err
	}
	st, err := h.stationFor(p.LockID)
	if err != nil {
		return Receipt{}, err
	}
	req := chargeReq{ctx: ctx, passage: p, reply: make(chan chargeReply, 1)}
	if err := h.enqueue(ctx, st, req); err != nil {
		return Receipt{}, err
	}
	select {
	case r := <-req.reply:
		return r.receipt, r.err
	case <-ctx.Done():
		return Receipt{}, ctx.Err()
	}
}

func (h *TollHouse) enqueue(ctx context.Context, st *station, req chargeReq) error {
	h.mu.RLock()
	defer h.mu.RUnlock()
	if h.closed {
		return ErrClosed
	}
	select {
	case st.reqs <- req:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// LockTotal is the day's takings at one lock.
type LockTotal struct {
	LockID   string
	Receipts int
	Cents    int64
}

// Totals returns the takings per lock in waterway order.
func (h *TollHouse) Totals() []LockTotal {
	h.mu.RLock()
	defer h.mu.RUnlock()
	out := make([]LockTotal, 0, len(h.order))
	for _, id := range h.order {
		out = append(out, h.stations[id].total())
	}
	return out
}

// Close stops accepting lockages. Stations finish the lockages already
// queued and then stop.
func (h *TollHouse) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return
	}
	h.closed = true
	for _, id := range h.order {
		close(h.stations[id].reqs)
	}
}
