package turnstile

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// TicketStore resolves barcodes against the club's ticketing system.
type TicketStore interface {
	Lookup(ctx context.Context, barcode string) (Ticket, error)
}

// Barrier drives the turnstile mechanism and its display.
type Barrier interface {
	Release(ctx context.Context, gate string) error
	Refuse(ctx context.Context, gate string, reason Reason) error
}

// Reader is a barcode reader on a turnstile. The vendor SDK delivers scans
// through a callback on its own goroutine; the returned func unregisters it.
type Reader interface {
	Gate() string
	OnScan(fn func(Scan)) (unregister func())
}

// Config configures a Service.
type Config struct {
	Stands []StandConfig
	// ReentryAfter is the minimum time between leaving and re-entering.
	ReentryAfter time.Duration
	// DecisionTimeout bounds the ticket lookup and barrier command for one scan.
	DecisionTimeout time.Duration
	Logger          *log.Logger
}

// Counters summarise decisions since start-up.
type Counters struct {
	Admitted int
	Exited   int
	Refused  map[Reason]int
}

// Service decides entry and exit at every turnstile of the ground.
type Service struct {
	cfg     Config
	tickets TicketStore
	barrier Barrier
	log     *log.Logger

	stands    map[string]*stand
	gateStand map[string]string

	ctx    context.Context
	cancel context.CancelFunc

	mu         sync.Mutex
	closed     bool
	inflight   int
	drained    chan struct{}
	unregister []func()
	counters   Counters
}

// NewService validates the ground layout and returns a service with no
// readers attached.
func NewService(cfg Config, tickets TicketStore, barrier Barrier) (*Service, error) {
	if tickets == nil || barrier == nil {
		return nil, errors.New("turnstile: ticket store and barrier are required")
	}
	if cfg.DecisionTimeout <= 0 {
		cfg.DecisionTimeout = 2 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}
	s := &Service{
		cfg:       cfg,
		tickets:   tickets,
		barrier:   barrier,
		log:       cfg.Logger,
		stands:    make(map[string]*stand),
		gateStand: make(map[string]string),
		drained:   make(chan struct{}),
		counters:  Counters{Refused: make(map[Reason]int)},
	}
	for _, sc := range cfg.Stands {
		if sc.Capacity <= 0 {
			return nil, fmt.Errorf("turnstile: stand %q has no certified capacity", sc.Name)
		}
		if _, dup := s.stands[sc.Name]; dup {
			return nil, fmt.Errorf("turnstile: stand %q configured twice", sc.Name)
		}
		s.stands[sc.Name] = newStand(sc, cfg.ReentryAfter)
		for _, g := range sc.Gates {
			if other, taken := s.gateStand[g]; taken {
				return nil, fmt.Errorf("turnstile: gate %s feeds both %s and %s", g, other, sc.Name)
			}
			s.gateStand[g] = sc.Name
		}
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	return s, nil
}

// Attach starts taking scans from r.
func (s *Service) Attach(r Reader) error {
	gate := r.Gate()
	if _, ok := s.gateStand[gate]; !ok {
		return fmt.Errorf("turnstile: gate %s is not assigned to a stand", gate)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errors.New("turnstile: service closed")
	}
	unregister := r.OnScan(func(sc Scan) {
		sc.Gate = gate
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.closed {
			s.log.Printf("gate %s: scan after close dropped", gate)
			return
		}
		s.inflight++
		go s.handle(sc)
	})
	s.unregister = append(s.unregister, unregister)
	s.log.Printf("gate %s online for %s", gate, s.gateStand[gate])
	return nil
}

func (s *Service) handle(sc Scan) {
	defer s.done()
	ctx, cancel := context.WithTimeout(s.ctx, s.cfg.DecisionTimeout)
	defer cancel()

	d := s.decide(ctx, sc)
	s.count(d)

	var err error
	if d.Admit {
		err = s.barrier.Release(ctx, sc.Gate)
	} else {
		err = s.barrier.Refuse(ctx, sc.Gate, d.Reason)
	}
	if err != nil {
		s.log.Printf("gate %s: barrier: %v", sc.Gate, err)
	}
}

func (s *Service) decide(ctx context.Context, sc Scan) Decision {
	d := Decision{Scan: sc}
	st := s.stands[s.gateStand[sc.Gate]]

	t, err := s.tickets.Lookup(ctx, sc.Barcode)
	switch {
	case errors.Is(err, ErrTicketNotFound):
		d.Reason = ReasonUnknownTicket
		return d
	case err != nil:
		s.log.Printf("gate %s: ticket lookup: %v", sc.Gate, err)
		d.Reason = ReasonSystem
		return d
	}
	d.TicketID = t.ID

	if sc.Direction == Out {
		d.Admit = true
		d.Occupancy = st.leave(t.ID, sc.At)
		return d
	}
	if t.Stand != st.name {
		d.Reason = ReasonWrongStand
		return d
	}
	if sc.At.Before(t.ValidFrom) || !sc.At.Before(t.ValidTo) {
		d.Reason = ReasonNotValidToday
		return d
	}
	d.Reason, d.Occupancy = st.enter(t, sc.At)
	d.Admit = d.Reason == ReasonNone
	if d.Reason == ReasonStandFull {
		s.log.Printf("stand %s at capacity (%d), gate %s refusing entry", st.name, d.Occupancy, sc.Gate)
	}
	return d
}

func (s *Service) done() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.inflight--
	if s.closed && s.inflight == 0 {
		close(s.drained)
	}
}

func (s *Service) count(d Decision) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case d.Admit && d.Scan.Direction == Out:
		s.counters.Exited++
	case d.Admit:
		s.counters.Admitted++
	default:
		s.counters.Refused[d.Reason]++
	}
}

// Counters returns a copy of the decision counters.
func (s *Service) Counters() Counters {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.counters
	c.Refused = make(map[Reason]int, len(s.counters.Refused))
	for r, n := range s.counters.Refused {
		c.Refused[r] = n
	}
	return c
}

// Close detaches every reader and waits for scans already being decided. If
// ctx ends first the outstanding decisions are abandoned.
func (s *Service) Close(ctx context.Context) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	if s.inflight == 0 {
		close(s.drained)
	}
	unregister := s.unregister
	s.unregister = nil
	s.mu.Unlock()

	for _, u := range unregister {
		u()
	}
	defer s.cancel()
	select {
	case <-s.drained:
		return nil
	case <-ctx.Done():
		s.mu.Lock()
		n := s.inflight
		s.mu.Unlock()
		return fmt.Errorf("turnstile: close with %d scans undecided: %w", n, ctx.Err())
	}
}
