package dispatch

import (
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

var (
	ErrClosed          = errors.New("dispatch: board closed")
	ErrUnknownUnit     = errors.New("dispatch: unknown unit")
	ErrUnknownIncident = errors.New("dispatch: unknown incident")
	ErrUnitBusy        = errors.New("dispatch: unit not available")
	ErrBadTransition   = errors.New("dispatch: invalid status transition")
)

// Config configures a Board.
type Config struct {
	// Units are the ambulances on shift, keyed by call sign, with their station.
	Units map[string]string
	// SubscriberBuffer is the number of events queued per subscriber before
	// it is considered lagging and evicted.
	SubscriberBuffer int
	// NotifyTimeout bounds a single push to a subscriber.
	NotifyTimeout time.Duration
	Logger        *log.Logger
	Clock         func() time.Time
}

// Stats reports board counters.
type Stats struct {
	Published   uint64
	Subscribers int
	Evicted     int
}

// Board is the live dispatch board of a control room.
type Board struct {
	cfg Config
	log *log.Logger
	now func() time.Time

	mu        sync.Mutex
	closed    bool
	units     map[string]*Unit
	incidents map[string]*Incident
	seq       uint64
	nextSub   int
	subs      map[int]*subscription
	evicted   int
}

// NewBoard creates a board with every configured unit available.
func NewBoard(cfg Config) (*Board, error) {
	if len(cfg.Units) == 0 {
		return nil, errors.New("dispatch: no units on shift")
	}
	if cfg.SubscriberBuffer <= 0 {
		cfg.SubscriberBuffer = 64
	}
	if cfg.NotifyTimeout <= 0 {
		cfg.NotifyTimeout = 5 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	b := &Board{
		cfg:       cfg,
		log:       cfg.Logger,
		now:       cfg.Clock,
		units:     make(map[string]*Unit, len(cfg.Units)),
		incidents: make(map[string]*Incident),
		subs:      make(map[int]*subscription),
	}
	for cs, station := range cfg.Units {
		b.units[cs] = &Unit{CallSign: cs, Station: station, Status: Available, Since: b.now()}
	}
	return b, nil
}

// OpenIncident records a new call.
func (b *Board) OpenIncident(id string, p Priority, address string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return ErrClosed
	}
	if _, ok := b.incidents[id]; ok {
		return fmt.Errorf("dispatch: incident %s already open", id)
	}
	b.incidents[id] = &Incident{ID: id, Priority: p, Address: address, Opened: b.now()}
	b.publishLocked(Event{Kind: IncidentOpened, Incident: id, Priority: p})
	return nil
}

// Assign dispatches an available unit to an open incident.
func (b *Board) Assign(incidentID, callSign string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return ErrClosed
	}
	inc, ok := b.incidents[incidentID]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownIncident, incidentID)
	}
	u, ok := b.units[callSign]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownUnit, callSign)
	}
	if u.Status != Available {
		return fmt.Errorf("%w: %s is %s", ErrUnitBusy, callSign, u.Status)
	}
	u.Status, u.Incident, u.Since = Dispatched, incidentID, b.now()
	inc.Units = append(inc.Units, callSign)
	b.publishLocked(Event{Kind: UnitAssigned, Incident: incidentID, Priority: inc.Priority, CallSign: callSign, Status: Dispatched})
	return nil
}

// UpdateStatus applies a status reported by a crew. hospital is only
// meaningful for Transporting.
func (b *Board) UpdateStatus(callSign string, to UnitStatus, hospital string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return ErrClosed
	}
	u, ok := b.units[callSign]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownUnit, callSign)
	}
	if !canTransition(u.Status, to) {
		return fmt.Errorf("%w: %s %s -> %s", ErrBadTransition, callSign, u.Status, to)
	}
	ev := Event{Kind: UnitStatusChanged, Incident: u.Incident, CallSign: callSign, Status: to, Hospital: hospital}
	if inc, ok := b.incidents[u.Incident]; ok {
		ev.Priority = inc.Priority
	}
	u.Status, u.Since = to, b.now()
	if to == Available {
		u.Incident = ""
	}
	b.publishLocked(ev)
	return nil
}

// CloseIncident removes a call from the board once no unit is attached.
func (b *Board) CloseIncident(id string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	inc, ok := b.incidents[id]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownIncident, id)
	}
	for _, cs := range inc.Units {
		if u := b.units[cs]; u.Incident == id {
			return fmt.Errorf("dispatch: incident %s still has %s attached", id, cs)
		}
	}
	delete(b.incidents, id)
	b.publishLocked(Event{Kind: IncidentClosed, Incident: id, Priority: inc.Priority})
	return nil
}

// Unit returns a copy of a unit's current state.
func (b *Board) Unit(callSign string) (Unit, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	u, ok := b.units[callSign]
	if !ok {
		return Unit{}, false
	}
	return *u, true
}

// Stats returns board counters.
func (b *Board) Stats() Stats {
	b.mu.Lock()
	defer b.mu.Unlock()
	return Stats{Published: b.seq, Subscribers: len(b.subs), Evicted: b.evicted}
}

// Close stops all subscriptions. Further changes are rejected.
func (b *Board) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return
	}
	b.closed = true
	for id := range b.subs {
		b.dropLocked(id)
	}
}
