// Package channelmgr keeps a hotel's room availability in sync with the
// online booking sites ("channels") it sells through, and pulls the
// reservations those sites take back into the property's inventory so that
// a room sold on one channel stops being offered on the others.
package channelmgr

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
	"time"
)

var (
	// ErrClosed is returned by calls made after Close.
	ErrClosed = errors.New("channelmgr: manager closed")
	// ErrUnknownSite is returned when a site name is not registered.
	ErrUnknownSite = errors.New("channelmgr: unknown site")
	// ErrSiteUnavailable is wrapped when one or more sites could not be
	// reached during reconciliation.
	ErrSiteUnavailable = errors.New("channelmgr: site unavailable")
)

// Availability is the sellable inventory of one room type on one night.
type Availability struct {
	HotelID   string
	RoomType  string
	Night     time.Time // midnight, property-local time
	Rooms     int
	RateCents int64
}

func (a Availability) key() string {
	return a.HotelID + "|" + a.RoomType + "|" + a.Night.Format("2006-01-02")
}

// Reservation is a booking (or the cancellation of one) taken by a site.
type Reservation struct {
	ID        string
	Site      string
	HotelID   string
	RoomType  string
	CheckIn   time.Time
	Nights    int
	Cancelled bool
}

// Site is the connector for one booking site.
type Site interface {
	// Name identifies the site, e.g. "booking" or "expedia".
	Name() string
	// PushAvailability sends availability updates to the site.
	PushAvailability(ctx context.Context, updates []Availability) error
	// FetchReservations returns reservations created or modified since the
	// given time.
	FetchReservations(ctx context.Context, since time.Time) ([]Reservation, error)
}

// Inventory is the property-management system's view of the rooms.
type Inventory interface {
	// ApplyReservation books (or, for cancellations, releases) the rooms
	// and returns the resulting availability of every night it touched.
	ApplyReservation(ctx context.Context, r Reservation) ([]Availability, error)
}

// Clock tells the time. It is replaced in tests.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// Logger receives diagnostic messages.
type Logger interface {
	Printf(format string, args ...interface{})
}

// Option configures a Manager.
type Option func(*Manager)

// WithClock sets the clock used for reconciliation cursors.
func WithClock(c Clock) Option { return func(m *Manager) { m.clock = c } }

// WithLogger sets the destination of diagnostic messages.
func WithLogger(l Logger) Option { return func(m *Manager) { m.log = l } }

// WithQueueSize sets how many updates may wait for each site.
func WithQueueSize(n int) Option { return func(m *Manager) { m.queueSize = n } }

// Manager fans availability out to the registered sites and reconciles the
// reservations they take.
type Manager struct {
	inv          Inventory
	clock        Clock
	log          Logger
	queueSize    int
	batchSize    int
	pushAttempts int
	retryDelay   time.Duration
	pushTimeout  time.Duration

	mu      sync.RWMutex
	sites   map[string]*siteWorker
	cursors map[string]time.Time
	applied map[string]bool
	closed  bool
}

// New returns a Manager that books reservations into inv.
func New(inv Inventory, opts ...Option) *Manager {
	m := &Manager{
		inv:          inv,
		clock:        systemClock{},
		log:          log.Default(),
		queueSize:    256,
		batchSize:    50,
		pushAttempts: 3,
		retryDelay:   500 * time.Millisecond,
		pushTimeout:  10 * time.Second,
		sites:        make(map[string]*siteWorker),
		cursors:      make(map[string]time.Time),
		applied:      make(map[string]bool),
	}
	for _, o := range opts {
		o(m)
	}
	return m
}

// AddSite registers a site and starts pushing availability to it. A site
// that is already registered under the same name is replaced by the new
// connector, which is how rotated API credentials are rolled out; the
// reconciliation cursor of the site is kept.
func (m *Manager) AddSite(site Site) error {
	name := site.Name()
	if name == "" {
		return errors.New("channelmgr: site has an empty name")
	}
	w := newSiteWorker(site, m.queueSize)

	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return ErrClosed
	}
	m.sites[name] = w
	go m.runPusher(w)
	return nil
}

// RemoveSite stops pushing to the named site. Updates already queued for it
// are delivered before RemoveSite returns.
func (m *Manager) RemoveSite(name string) error {
	m.mu.Lock()
	w, ok := m.sites[name]
	if ok {
		delete(m.sites, name)
		close(w.queue)
	}
	m.mu.Unlock()
	if !ok {
		return fmt.Errorf("removing %q: %w", name, ErrUnknownSite)
	}
	<-w.done
	return nil
}

// Publish queues availability updates for every registered site. It blocks
// while a site's queue is full, until ctx is done.
func (m *Manager) Publish(ctx context.Context, updates ...Availability) error {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if m.closed {
		return ErrClosed
	}
	for _, w := range m.sites {
		for _, u := range updates {
			select {
			case w.queue <- u:
			case <-ctx.Done():
				return fmt.Errorf("channelmgr: publishing to %s: %w", w.name, ctx.Err())
			}
		}
	}
	return nil
}

// Close stops accepting updates, flushes the queues of all sites and waits
// for the pushers to finish.
func (m *Manager) Close() error {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return nil
	}
	m.closed = true
	workers := make([]*siteWorker, 0, len(m.sites))
	for _, w := range m.sites {
		close(w.queue)
		workers = append(workers, w)
	}
	m.mu.Unlock()

	for _, w := range workers {
		<-w.done
	}
	return nil
}
