// Package sorting decides, for each parcel scanned on the induction belt,
// which chute of the sorter it must be diverted into.
package sorting

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"strings"
	"sync"
	"time"
)

var (
	ErrBadBarcode   = errors.New("sorting: unreadable or invalid barcode")
	ErrNoRoute      = errors.New("sorting: no chute serves this delivery point")
	ErrUnknownRoute = errors.New("sorting: address not in directory")
)

// Parcel is what the scanning tunnel reports for one item.
type Parcel struct {
	Barcode  string
	Postcode string
	Street   string
	WeightG  int
	// DPID is the delivery point id printed by bulk senders; when present
	// no directory lookup is needed.
	DPID string
}

// DeliveryPoint is the result of an address lookup.
type DeliveryPoint struct {
	DPID     string
	Postcode string
	Round    string // delivery round, e.g. "ED4-07"
}

// Directory resolves printed addresses to delivery points.
type Directory interface {
	Lookup(ctx context.Context, postcode, street string) (DeliveryPoint, error)
}

// Diverter drives the pushers along the sorter belt.
type Diverter interface {
	Divert(ctx context.Context, barcode string, chute int) error
}

// Reason explains a sorting decision.
type Reason string

const (
	ReasonRouted     Reason = "routed"
	ReasonPrecoded   Reason = "precoded"
	ReasonNoBarcode  Reason = "no-barcode"
	ReasonOverweight Reason = "overweight"
	ReasonUnresolved Reason = "unresolved"
	ReasonTooSlow    Reason = "lookup-too-slow"
)

// Decision is the chute chosen for a parcel.
type Decision struct {
	Barcode string
	Chute   int
	Round   string
	Reason  Reason
}

// Config describes the sorter line.
type Config struct {
	// ScanToGate is how long a parcel takes to travel from the scanning
	// tunnel to the first diverter gate at belt speed. A decision must be
	// ready before then or the parcel goes to the manual chute.
	ScanToGate time.Duration
	// DivertLatency is the time the diverter needs to arm a pusher.
	DivertLatency time.Duration
	// ManualChute receives parcels that need video coding by hand.
	ManualChute int
	// MaxWeightG routes heavier items to the manual chute.
	MaxWeightG int
	Plan       *ChutePlan
	Logger     *log.Logger
}

// Stats counts decisions by reason.
type Stats map[Reason]int

// Sorter makes and executes sorting decisions.
type Sorter struct {
	cfg      Config
	dir      Directory
	diverter Diverter
	log      *log.Logger

	mu    sync.Mutex
	stats Stats
}

// New validates the configuration and returns a Sorter.
func New(cfg Config, dir Directory, d Diverter) (*Sorter, error) {
	if cfg.Plan == nil {
		return nil, errors.New("sorting: chute plan required")
	}
	if cfg.ScanToGate <= cfg.DivertLatency {
		return nil, fmt.Errorf("sorting: scan-to-gate %s leaves no time for decisions", cfg.ScanToGate)
	}
	if cfg.MaxWeightG == 0 {
		cfg.MaxWeightG = 30000
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}
	return &Sorter{cfg: cfg, dir: dir, diverter: d, log: cfg.Logger, stats: Stats{}}, nil
}

// Run sorts parcels from the scanner feed until it is closed or ctx ends.
func (s *Sorter) Run(ctx context.Context, scans <-chan Parcel) error {
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case p, ok := <-scans:
			if !ok {
				return nil
			}
			dec := s.Decide(ctx, p)
			if err := s.diverter.Divert(ctx, p.Barcode, dec.Chute); err != nil {
				s.log.Printf("parcel %s: divert to chute %d failed: %v", p.Barcode, dec.Chute, err)
			}
		}
	}
}

// Decide picks a chute for one parcel within the belt's time budget.
func (s *Sorter) Decide(ctx context.Context, p Parcel) Decision {
	dec := s.decide(ctx, p)
	s.mu.Lock()
	s.stats[dec.Reason]++
	s.mu.Unlock()
	return dec
}

func (s *Sorter) decide(ctx context.Context, p Parcel) Decision {
	manual := func(r Reason) Decision {
		return Decision{Barcode: p.Barcode, Chute: s.cfg.ManualChute, Reason: r}
	}
	if err := checkBarcode(p.Barcode); err != nil {
		return manual(ReasonNoBarcode)
	}
	if p.WeightG > s.cfg.MaxWeightG {
		return manual(ReasonOverweight)
	}
	if p.DPID != "" {
		if chute, round, err := s.cfg.Plan.ChuteForDPID(p.DPID); err == nil {
			return Decision{Barcode: p.Barcode, Chute: chute, Round: round, Reason: ReasonPrecoded}
		}
	}

	budget := s.cfg.ScanToGate - s.cfg.DivertLatency
	lctx, cancel := context.WithTimeout(ctx, budget)
	defer cancel()
	select {
	case res := <-s.resolve(lctx, p):
		if res.err != nil {
			s.log.Printf("parcel %s (%s): %v", p.Barcode, p.Postcode, res.err)
			return manual(ReasonUnresolved)
		}
		return Decision{Barcode: p.Barcode, Chute: res.chute, Round: res.round, Reason: ReasonRouted}
	case <-lctx.Done():
		s.log.Printf("parcel %s (%s): no route within %s, sending to manual coding", p.Barcode, p.Postcode, budget)
		return manual(ReasonTooSlow)
	}
}

// Stats returns a copy of the decision counters.
func (s *Sorter) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(Stats, len(s.stats))
	for k, v := range s.stats {
		out[k] = v
	}
	return out
}

// checkBarcode validates an S10-style item id: two letters, eight digits,
// a check digit and a two-letter country code.
func checkBarcode(code string) error {
	code = strings.ToUpper(strings.TrimSpace(code))
	if len(code) != 13 {
		return ErrBadBarcode
	}
	weights := [8]int{8, 6, 4, 2, 3, 5, 9, 7}
	sum := 0
	for i := 0; i < 8; i++ {
		c := code[2+i]
		if c < '0' || c > '9' {
			return ErrBadBarcode
		}
		sum += int(c-'0') * weights[i]
	}
	check := 11 - sum%11
	switch check {
	case 10:
		check = 0
	case 11:
		check = 5
	}
	if int(code[10]-'0') != check {
		return ErrBadBarcode
	}
	return nil
}
