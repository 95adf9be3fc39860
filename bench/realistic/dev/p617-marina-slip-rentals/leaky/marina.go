// Package marina books transient and seasonal slips for visiting boats.
package marina

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sort"
	"sync"
	"time"
)

var (
	// ErrNoSlip is returned when no vacant slip can take the boat.
	ErrNoSlip = errors.New("marina: no slip fits the boat for the requested stay")
	// ErrSlipTaken is returned by an Inventory when another booking got the slip first.
	ErrSlipTaken = errors.New("marina: slip already held")
	// ErrInvalidRequest wraps validation failures.
	ErrInvalidRequest = errors.New("marina: invalid request")
)

// Boat describes the vessel asking for a slip.
type Boat struct {
	Name       string
	LengthFt   float64
	BeamFt     float64
	DraftFt    float64
	ShorePower bool
}

// Slip is one berth on a dock.
type Slip struct {
	ID          string
	Dock        string
	MaxLengthFt float64
	MaxBeamFt   float64
	DepthFt     float64
	ShorePower  bool
}

// Fits reports whether the boat can be berthed in the slip with the given
// clearance under the keel.
func (s Slip) Fits(b Boat, keelClearanceFt float64) bool {
	if b.LengthFt > s.MaxLengthFt || b.BeamFt > s.MaxBeamFt {
		return false
	}
	if b.DraftFt+keelClearanceFt > s.DepthFt {
		return false
	}
	return !b.ShorePower || s.ShorePower
}

// Stay is the period a boat stays, arrival day to departure day.
type Stay struct {
	Arrive time.Time
	Depart time.Time
}

// Nights returns the number of nights in the stay.
func (s Stay) Nights() int {
	return int(s.Depart.Sub(s.Arrive).Hours() / 24)
}

// Request is a customer's booking request.
type Request struct {
	Customer string
	Boat     Boat
	Stay     Stay
}

func (r Request) validate() error {
	switch {
	case r.Customer == "":
		return fmt.Errorf("%w: missing customer", ErrInvalidRequest)
	case r.Boat.LengthFt <= 0 || r.Boat.BeamFt <= 0:
		return fmt.Errorf("%w: boat dimensions required", ErrInvalidRequest)
	case r.Stay.Nights() < 1:
		return fmt.Errorf("%w: stay must be at least one night", ErrInvalidRequest)
	}
	return nil
}

// Quote is the price offered for a slip and stay, in cents.
type Quote struct {
	SlipID  string
	Nightly int64
	Total   int64
	Source  string
}

func (q Quote) check(slip Slip, req Request) error {
	if q.SlipID != slip.ID {
		return fmt.Errorf("quote for slip %q, asked for %q", q.SlipID, slip.ID)
	}
	if q.Nightly <= 0 || q.Total <= 0 || req.Stay.Nights() < 1 {
		return fmt.Errorf("implausible quote %d/%d", q.Nightly, q.Total)
	}
	return nil
}

// Reservation is a confirmed booking.
type Reservation struct {
	ID      string
	Slip    Slip
	Request Request
	Quote   Quote
	Created time.Time
}

// Inventory is the dockmaster's system of record for slips.
type Inventory interface {
	Available(ctx context.Context, stay Stay) ([]Slip, error)
	Hold(ctx context.Context, slipID string, stay Stay, holder string) error
	Release(ctx context.Context, slipID string, stay Stay) error
}

// Pricer is the dynamic pricing backend.
type Pricer interface {
	Quote(ctx context.Context, slip Slip, req Request) (Quote, error)
}

// Config tunes a Service.
type Config struct {
	// QuoteTimeout bounds how long a booking waits for dynamic pricing
	// before falling back to the published rate card.
	QuoteTimeout time.Duration
	// KeelClearanceFt is the minimum water under the keel at low tide.
	KeelClearanceFt float64
	Rates           RateCard
	Logger          *log.Logger
	Now             func() time.Time
}

// Service books slips.
type Service struct {
	inv    Inventory
	pricer Pricer
	cfg    Config

	mu           sync.Mutex
	seq          int
	reservations map[string]Reservation
}

// New builds a Service. Zero config fields get defaults.
func New(inv Inventory, pricer Pricer, cfg Config) (*Service, error) {
	if inv == nil || pricer == nil {
		return nil, errors.New("marina: inventory and pricer are required")
	}
	if cfg.QuoteTimeout <= 0 {
		cfg.QuoteTimeout = 2 * time.Second
	}
	if cfg.KeelClearanceFt <= 0 {
		cfg.KeelClearanceFt = 1.5
	}
	if cfg.Rates.PerFootNight == 0 {
		cfg.Rates = DefaultRateCard()
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Service{
		inv:          inv,
		pricer:       pricer,
		cfg:          cfg,
		reservations: make(map[string]Reservation),
	}, nil
}

// Reservation looks up a confirmed booking by id.
func (s *Service) Reservation(id string) (Reservation, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.reservations[id]
	return r, ok
}

func (s *Service) record(slip Slip, req Request, q Quote) Reservation {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	r := Reservation{
		ID:      fmt.Sprintf("R-%s-%04d", slip.Dock, s.seq),
		Slip:    slip,
		Request: req,
		Quote:   q,
		Created: s.cfg.Now(),
	}
	s.reservations[r.ID] = r
	return r
}

// rankSlips keeps the slips that fit and orders them tightest first, so
// large slips stay free for large boats.
func rankSlips(slips []Slip, b Boat, clearance float64) []Slip {
	fit := make([]Slip, 0, len(slips))
	for _, s := range slips {
		if s.Fits(b, clearance) {
			fit = append(fit, s)
		}
	}
	sort.SliceStable(fit, func(i, j int) bool {
		wi := fit[i].MaxLengthFt - b.LengthFt
		wj := fit[j].MaxLengthFt - b.LengthFt
		if wi != wj {
			return wi < wj
		}
		return fit[i].ID < fit[j].ID
	})
	return fit
}
