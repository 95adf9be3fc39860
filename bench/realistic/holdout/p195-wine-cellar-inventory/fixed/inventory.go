// Package cellar tracks case stock for a wine distributor across its bonded
// warehouses, lets sales reps reserve cases for customers and returns stale
// reservations to the pool.
package cellar

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"strconv"
	"sync"
	"time"
)

// SKU identifies a wine: producer, cuvée, vintage and format.
type SKU string

// Errors returned by the service.
var (
	ErrInsufficientStock  = errors.New("cellar: insufficient stock")
	ErrUnknownReservation = errors.New("cellar: unknown reservation")
	ErrInvalidQuantity    = errors.New("cellar: invalid quantity")
)

// Reservation holds cases for a customer until it is confirmed or expires.
type Reservation struct {
	ID        string
	SKU       SKU
	Cases     int
	Customer  string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// Clock abstracts time and tickers for tests.
type Clock interface {
	Now() time.Time
	NewTicker(d time.Duration) Ticker
}

// Ticker is the subset of time.Ticker the service uses.
type Ticker interface {
	C() <-chan time.Time
	Stop()
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

func (systemClock) NewTicker(d time.Duration) Ticker { return realTicker{time.NewTicker(d)} }

type realTicker struct{ t *time.Ticker }

func (r realTicker) C() <-chan time.Time { return r.t.C }
func (r realTicker) Stop()               { r.t.Stop() }

// Config configures a Service.
type Config struct {
	Warehouses     []WarehouseConfig
	SyncInterval   time.Duration // default 5m
	SyncTimeout    time.Duration // per warehouse, default 30s
	ReservationTTL time.Duration // default 48h
	ReapInterval   time.Duration // default 10m
	Clock          Clock
	Logger         *log.Logger
}

func (c *Config) setDefaults() {
	if c.SyncInterval <= 0 {
		c.SyncInterval = 5 * time.Minute
	}
	if c.SyncTimeout <= 0 {
		c.SyncTimeout = 30 * time.Second
	}
	if c.ReservationTTL <= 0 {
		c.ReservationTTL = 48 * time.Hour
	}
	if c.ReapInterval <= 0 {
		c.ReapInterval = 10 * time.Minute
	}
	if c.Clock == nil {
		c.Clock = systemClock{}
	}
	if c.Logger == nil {
		c.Logger = log.New(io.Discard, "", 0)
	}
}

// Service is the inventory service.
type Service struct {
	cfg    Config
	client WarehouseClient

	mu           sync.Mutex
	onHand       map[string]map[SKU]int // warehouse -> SKU -> cases
	reservations map[string]Reservation
	reserved     map[SKU]int
	lastSync     map[string]time.Time
	nextID       int

	cancel context.CancelFunc
}

// New validates cfg and returns a Service. Call Start to begin syncing.
func New(cfg Config, client WarehouseClient) (*Service, error) {
	if client == nil {
		return nil, errors.New("cellar: warehouse client is required")
	}
	if len(cfg.Warehouses) == 0 {
		return nil, errors.New("cellar: at least one warehouse is required")
	}
	seen := make(map[string]bool)
	for _, w := range cfg.Warehouses {
		if w.ID == "" || seen[w.ID] {
			return nil, fmt.Errorf("cellar: missing or duplicate warehouse ID %q", w.ID)
		}
		seen[w.ID] = true
	}
	cfg.setDefaults()
	return &Service{
		cfg:          cfg,
		client:       client,
		onHand:       make(map[string]map[SKU]int),
		reservations: make(map[string]Reservation),
		reserved:     make(map[SKU]int),
		lastSync:     make(map[string]time.Time),
		cancel:       func() {},
	}, nil
}

// Start launches the warehouse sync and reservation reaper loops. They run
// until ctx is cancelled or Close is called.
func (s *Service) Start(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	s.mu.Lock()
	s.cancel = cancel
	s.mu.Unlock()
	go s.syncLoop(ctx)
	go s.reapLoop(ctx)
}

// Close stops the background loops.
func (s *Service) Close() {
	s.mu.Lock()
	cancel := s.cancel
	s.mu.Unlock()
	cancel()
}

// Available returns the cases of sku that can still be reserved.
func (s *Service) Available(sku SKU) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.availableLocked(sku)
}

func (s *Service) availableLocked(sku SKU) int {
	total := 0
	for _, levels := range s.onHand {
		total += levels[sku]
	}
	return total - s.reserved[sku]
}

// Reserve holds cases of sku for a customer.
func (s *Service) Reserve(ctx context.Context, customer string, sku SKU, cases int) (Reservation, error) {
	if cases <= 0 {
		return Reservation{}, fmt.Errorf("%w: %d cases", ErrInvalidQuantity, cases)
	}
	if err := ctx.Err(); err != nil {
		return Reservation{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if avail := s.availableLocked(sku); avail < cases {
		return Reservation{}, fmt.Errorf("%w: %s has %d cases, %d requested", ErrInsufficientStock, sku, avail, cases)
	}
	s.nextID++
	now := s.cfg.Clock.Now()
	r := Reservation{
		ID:        "rsv-" + strconv.Itoa(s.nextID),
		SKU:       sku,
		Cases:     cases,
		Customer:  customer,
		CreatedAt: now,
		ExpiresAt: now.Add(s.cfg.ReservationTTL),
	}
	s.reservations[r.ID] = r
	s.reserved[sku] += cases
	return r, nil
}

// Release returns a reservation's cases to the pool.
func (s *Service) Release(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.reservations[id]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownReservation, id)
	}
	s.releaseLocked(r)
	return nil
}

func (s *Service) releaseLocked(r Reservation) {
	delete(s.reservations, r.ID)
	s.reserved[r.SKU] -= r.Cases
	if s.reserved[r.SKU] <= 0 {
		delete(s.reserved, r.SKU)
	}
}

// ReleaseStale releases every reservation that expired before now and
// returns how many were released.
func (s *Service) ReleaseStale(now time.Time) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.reservations {
		if now.After(r.ExpiresAt) {
			s.releaseLocked(r)
			n++
		}
	}
	return n
}

func (s *Service) reapLoop(ctx context.Context) {
	t := s.cfg.Clock.NewTicker(s.cfg.ReapInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C():
			if n := s.ReleaseStale(now); n > 0 {
				s.cfg.Logger.Printf("released %d stale reservations", n)
			}
		}
	}
}
