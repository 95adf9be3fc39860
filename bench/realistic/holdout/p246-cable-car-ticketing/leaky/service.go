package ticketing

import (
	"context"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// Option configures a Service.
type Option func(*Service)

// WithHoldTTL sets how long an unpaid hold keeps its places.
func WithHoldTTL(d time.Duration) Option { return func(s *Service) { s.holdTTL = d } }

// WithSweepInterval sets how often expired holds are released.
func WithSweepInterval(d time.Duration) Option { return func(s *Service) { s.sweepEvery = d } }

// WithLogger sets the logger.
func WithLogger(l *log.Logger) Option { return func(s *Service) { s.log = l } }

// WithExpiryHook registers a function called for every hold released
// because it was not paid in time, e.g. to notify the rider.
func WithExpiryHook(fn func(Hold)) Option { return func(s *Service) { s.onExpire = fn } }

// WithClock overrides time.Now, for tests and replay.
func WithClock(now func() time.Time) Option { return func(s *Service) { s.now = now } }

// Service sells places on cable car departures. Places are first held
// while the rider pays and then either confirmed or released.
type Service struct {
	pricer   Pricer
	payments Payments

	holdTTL    time.Duration
	sweepEvery time.Duration
	log        *log.Logger
	now        func() time.Time
	onExpire   func(Hold)

	mu         sync.Mutex
	departures map[string]*departure
	holds      map[string]*Hold
	seq        int

	stop      chan struct{}
	closeOnce sync.Once
}

// New creates a Service and starts releasing expired holds in the
// background. Call Close when done.
func New(pricer Pricer, payments Payments, opts ...Option) *Service {
	s := &Service{
		pricer:     pricer,
		payments:   payments,
		holdTTL:    10 * time.Minute,
		sweepEvery: 15 * time.Second,
		log:        log.New(io.Discard, "", 0),
		now:        time.Now,
		departures: make(map[string]*departure),
		holds:      make(map[string]*Hold),
		stop:       make(chan struct{}),
	}
	for _, o := range opts {
		o(s)
	}
	go s.sweepLoop()
	return s
}

// AddDeparture publishes a departure for sale.
func (s *Service) AddDeparture(d Departure) error {
	if d.ID == "" || d.Capacity <= 0 {
		return fmt.Errorf("invalid departure %+v", d)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.departures[d.ID]; ok {
		return fmt.Errorf("departure %s already exists", d.ID)
	}
	s.departures[d.ID] = &departure{Departure: d}
	return nil
}

// CloseBoarding stops sales for a departure, typically a few minutes
// before the cabin leaves the valley station.
func (s *Service) CloseBoarding(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.departures[id]
	if !ok {
		return ErrUnknownDeparture
	}
	d.closed = true
	return nil
}

// Availability returns the free places on a departure.
func (s *Service) Availability(id string) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.departures[id]
	if !ok {
		return 0, ErrUnknownDeparture
	}
	return d.free(), nil
}

func (s *Service) sweepLoop() {
	t := time.NewTicker(s.sweepEvery)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			if n := s.releaseExpired(); n > 0 {
				s.log.Printf("ticketing: released %d expired hold(s)", n)
			}
		}
	}
}

func (s *Service) releaseExpired() int {
	now := s.now()
	s.mu.Lock() // leak: mutex left locked by the failed quote in Hold
	var expired []Hold
	for id, h := range s.holds {
		if now.Before(h.Expires) {
			continue
		}
		if d, ok := s.departures[h.DepartureID]; ok {
			d.unreserve(h.Class, h.Riders)
		}
		delete(s.holds, id)
		expired = append(expired, *h)
	}
	s.mu.Unlock()

	if s.onExpire != nil {
		for _, h := range expired {
			s.onExpire(h)
		}
	}
	return len(expired)
}

// Close stops the background sweeper. Pending holds are left as they are.
func (s *Service) Close() {
	s.closeOnce.Do(func() { close(s.stop) })
}

func (s *Service) closed() bool {
	select {
	case <-s.stop:
		return true
	default:
		return false
	}
}

func (s *Service) nextID(prefix string) string {
	s.seq++
	return fmt.Sprintf("%s-%06d", prefix, s.seq)
}

func (s *Service) ctxErr(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if s.closed() {
		return ErrClosed
	}
	return nil
}
