package holds

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
	"time"
)

// Config configures a Service. Notifier is required.
type Config struct {
	// Notifier delivers patron notifications.
	Notifier Notifier
	// Clock defaults to the system clock.
	Clock Clock
	// PickupWindow is how long a ready hold stays on the shelf.
	// Defaults to seven days.
	PickupWindow time.Duration
	// ShelfCapacity is the number of pickup shelf slots. Defaults to 50.
	ShelfCapacity int
	// NotifyTimeout bounds each notification call. Defaults to 10s.
	NotifyTimeout time.Duration
	// Logger defaults to log.Default().
	Logger *log.Logger
}

func (c *Config) setDefaults() {
	if c.Clock == nil {
		c.Clock = systemClock{}
	}
	if c.PickupWindow <= 0 {
		c.PickupWindow = 7 * 24 * time.Hour
	}
	if c.ShelfCapacity <= 0 {
		c.ShelfCapacity = 50
	}
	if c.NotifyTimeout <= 0 {
		c.NotifyTimeout = 10 * time.Second
	}
	if c.Logger == nil {
		c.Logger = log.Default()
	}
}

// Stats is a point-in-time view of the branch's hold activity.
type Stats struct {
	Waiting       int
	OnShelf       int
	AwaitingShelf int
}

// Service manages the hold queues of one branch. It is safe for
// concurrent use.
type Service struct {
	cfg Config

	mu            sync.Mutex
	shelfFree     *sync.Cond
	holds         map[HoldID]*Hold
	queues        map[string][]*Hold // item ID -> waiting holds, oldest first
	onShelf       int
	awaitingShelf int
	seq           int
	closed        bool
}

// New returns a Service configured by cfg.
func New(cfg Config) (*Service, error) {
	if cfg.Notifier == nil {
		return nil, errors.New("holds: config: Notifier is required")
	}
	cfg.setDefaults()
	s := &Service{
		cfg:    cfg,
		holds:  make(map[HoldID]*Hold),
		queues: make(map[string][]*Hold),
	}
	s.shelfFree = sync.NewCond(&s.mu)
	return s, nil
}

// Place adds a hold for patronID on itemID to the end of the item's queue.
func (s *Service) Place(itemID, patronID string) (Hold, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return Hold{}, ErrClosed
	}
	for _, h := range s.queues[itemID] {
		if h.PatronID == patronID {
			return Hold{}, fmt.Errorf("place hold for %s on %s: %w", patronID, itemID, ErrDuplicateHold)
		}
	}
	s.seq++
	h := &Hold{
		ID:       HoldID(fmt.Sprintf("H%06d", s.seq)),
		ItemID:   itemID,
		PatronID: patronID,
		PlacedAt: s.cfg.Clock.Now(),
		Status:   StatusWaiting,
	}
	s.holds[h.ID] = h
	s.queues[itemID] = append(s.queues[itemID], h)
	return *h, nil
}

// CheckIn routes a returned copy of itemID to the next patron in line. It
// reports whether the copy was assigned to a hold; if not, the copy goes
// back to the stacks. Shelving happens in the background so the desk is not
// held up when the pickup shelf is full.
func (s *Service) CheckIn(itemID string) (Hold, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return Hold{}, false, ErrClosed
	}
	q := s.queues[itemID]
	if len(q) == 0 {
		return Hold{}, false, nil
	}
	h := q[0]
	if len(q) == 1 {
		delete(s.queues, itemID)
	} else {
		s.queues[itemID] = q[1:]
	}
	h.Status = StatusInTransit
	go s.shelve(h)
	return *h, true, nil
}

// shelve waits for a free slot on the pickup shelf, marks the hold ready
// and notifies the patron.
func (s *Service) shelve(h *Hold) {
	s.mu.Lock()
	for s.onShelf >= s.cfg.ShelfCapacity && !s.closed {
		s.awaitingShelf++
		s.shelfFree.Wait()
		s.awaitingShelf--
	}
	if s.closed || h.Status != StatusInTransit {
		s.mu.Unlock()
		return
	}
	now := s.cfg.Clock.Now()
	s.onShelf++
	h.Status = StatusReady
	h.ReadyAt = now
	h.ExpiresAt = now.Add(s.cfg.PickupWindow)
	snapshot := *h
	s.mu.Unlock()

	ctx, cancel := context.WithTimeout(context.Background(), s.cfg.NotifyTimeout)
	defer cancel()
	if err := s.cfg.Notifier.HoldReady(ctx, snapshot); err != nil {
		s.cfg.Logger.Printf("holds: notify %s that %s is ready: %v", snapshot.PatronID, snapshot.ID, err)
	}
}

// Collect records that the patron picked up the copy for hold id.
func (s *Service) Collect(id HoldID) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	h, ok := s.holds[id]
	if !ok {
		return fmt.Errorf("collect %s: %w", id, ErrNotFound)
	}
	if h.Status != StatusReady {
		return fmt.Errorf("collect %s (%s): %w", id, h.Status, ErrNotReady)
	}
	h.Status = StatusCollected
	s.releaseSlotLocked()
	return nil
}

// Cancel cancels hold id in whatever active state it is in.
func (s *Service) Cancel(id HoldID) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	h, ok := s.holds[id]
	if !ok {
		return fmt.Errorf("cancel %s: %w", id, ErrNotFound)
	}
	switch h.Status {
	case StatusWaiting:
		s.removeFromQueueLocked(h)
	case StatusReady:
		s.releaseSlotLocked()
	case StatusInTransit:
		// The shelver notices the status change and gives up.
	default:
		return fmt.Errorf("cancel %s (%s): %w", id, h.Status, ErrFinished)
	}
	h.Status = StatusCancelled
	return nil
}

// ExpireDue expires ready holds whose pickup window has elapsed and tells
// the patrons. It returns the number of holds expired.
func (s *Service) ExpireDue(ctx context.Context) (int, error) {
	s.mu.Lock()
	now := s.cfg.Clock.Now()
	var expired []Hold
	for _, h := range s.holds {
		if h.Status == StatusReady && !now.Before(h.ExpiresAt) {
			h.Status = StatusExpired
			s.releaseSlotLocked()
			expired = append(expired, *h)
		}
	}
	s.mu.Unlock()

	var firstErr error
	for _, h := range expired {
		nctx, cancel := context.WithTimeout(ctx, s.cfg.NotifyTimeout)
		err := s.cfg.Notifier.HoldExpired(nctx, h)
		cancel()
		if err != nil && firstErr == nil {
			firstErr = fmt.Errorf("notify %s that %s expired: %w", h.PatronID, h.ID, err)
		}
	}
	return len(expired), firstErr
}

// Run calls ExpireDue every interval until ctx is done.
func (s *Service) Run(ctx context.Context, interval time.Duration) error {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
			if _, err := s.ExpireDue(ctx); err != nil {
				s.cfg.Logger.Printf("holds: expiry sweep: %v", err)
			}
		}
	}
}

// Stats returns current counters.
func (s *Service) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	waiting := 0
	for _, q := range s.queues {
		waiting += len(q)
	}
	return Stats{Waiting: waiting, OnShelf: s.onShelf, AwaitingShelf: s.awaitingShelf}
}

// Get returns a copy of hold id.
func (s *Service) Get(id HoldID) (Hold, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	h, ok := s.holds[id]
	if !ok {
		return Hold{}, fmt.Errorf("get %s: %w", id, ErrNotFound)
	}
	return *h, nil
}

// Close stops the service from accepting new holds and check-ins.
func (s *Service) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	s.closed = true
	s.shelfFree.Broadcast()
	return nil
}

func (s *Service) releaseSlotLocked() {
	if s.onShelf > 0 {
		s.onShelf--
	}
	s.shelfFree.Signal()
}

func (s *Service) removeFromQueueLocked(h *Hold) {
	q := s.queues[h.ItemID]
	for i, w := range q {
		if w == h {
			q = append(q[:i:i], q[i+1:]...)
			break
		}
	}
	if len(q) == 0 {
		delete(s.queues, h.ItemID)
	} else {
		s.queues[h.ItemID] = q
	}
}
