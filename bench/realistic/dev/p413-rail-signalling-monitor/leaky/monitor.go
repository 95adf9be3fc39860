// Package signalling supervises track circuit occupancy on a section of
// railway. It checks every occupancy report against the routes set by the
// interlocking and raises an alert on the signaller's workstation when a
// section is occupied in conflict with a set route or a track circuit fails.
package signalling

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

var (
	// ErrClosed is returned by operations on a closed Monitor.
	ErrClosed = errors.New("signalling: monitor closed")
	// ErrUnknownSection is returned for events or routes that refer to a
	// track section the monitor does not supervise.
	ErrUnknownSection = errors.New("signalling: unknown track section")
	// ErrInvalidLayout is returned when a layout cannot be supervised.
	ErrInvalidLayout = errors.New("signalling: invalid layout")
)

// Alerter delivers alerts to the signaller.
type Alerter interface {
	Raise(ctx context.Context, a Alert) error
}

// Clock tells the monitor the time. It exists so that tests and replays of
// recorded event logs can control time.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// Layout is the set of track sections under supervision.
type Layout struct {
	Name     string
	Sections []string
}

func (l Layout) validate() error {
	if len(l.Sections) == 0 {
		return fmt.Errorf("%w: layout %q has no sections", ErrInvalidLayout, l.Name)
	}
	seen := make(map[string]bool, len(l.Sections))
	for _, id := range l.Sections {
		if seen[id] {
			return fmt.Errorf("%w: section %q listed twice in %q", ErrInvalidLayout, id, l.Name)
		}
		seen[id] = true
	}
	return nil
}

// Option configures a Monitor.
type Option func(*Monitor)

// WithClock sets the clock used to timestamp alerts.
func WithClock(c Clock) Option { return func(m *Monitor) { m.clock = c } }

// WithQueueSize sets how many events may be queued per section before
// Ingest blocks.
func WithQueueSize(n int) Option { return func(m *Monitor) { m.queueSize = n } }

// WithErrorHandler sets a function that is told about alerts that could not
// be delivered. The default discards them.
func WithErrorHandler(f func(error)) Option { return func(m *Monitor) { m.onError = f } }

// Monitor processes track circuit events. Events for one section are handled
// in order by a goroutine dedicated to that section, so a slow or noisy
// track circuit does not delay the others.
type Monitor struct {
	alerter      Alerter
	clock        Clock
	queueSize    int
	alertTimeout time.Duration
	onError      func(error)

	state *interlocking

	mu       sync.RWMutex
	sections map[string]*section
	closed   bool
}

type section struct {
	id     string
	events chan Event
	done   chan struct{}
}

// New starts a Monitor supervising the sections of layout.
func New(layout Layout, alerter Alerter, opts ...Option) (*Monitor, error) {
	if err := layout.validate(); err != nil {
		return nil, err
	}
	if alerter == nil {
		return nil, errors.New("signalling: nil alerter")
	}
	m := &Monitor{
		alerter:      alerter,
		clock:        systemClock{},
		queueSize:    64,
		alertTimeout: 2 * time.Second,
		onError:      func(error) {},
		state:        newInterlocking(),
		sections:     make(map[string]*section, len(layout.Sections)),
	}
	for _, o := range opts {
		o(m)
	}
	for _, id := range layout.Sections {
		m.startSection(id)
	}
	return m, nil
}

// startSection must be called with m.mu held for writing (or before m is
// shared).
func (m *Monitor) startSection(id string) {
	s := &section{
		id:     id,
		events: make(chan Event, m.queueSize),
		done:   make(chan struct{}),
	}
	m.sections[id] = s
	go m.run(s)
}

func (m *Monitor) run(s *section) {
	defer close(s.done)
	for ev := range s.events { // leak: channel of a section dropped by Reconfigure is never closed
		m.handle(ev)
	}
}

func (m *Monitor) handle(ev Event) {
	for _, a := range m.state.apply(ev, m.clock.Now()) {
		ctx, cancel := context.WithTimeout(context.Background(), m.alertTimeout)
		err := m.alerter.Raise(ctx, a)
		cancel()
		if err != nil {
			m.onError(fmt.Errorf("raise %s alert for %s: %w", a.Kind, a.Section, err))
		}
	}
}

// Ingest queues an event for processing. It blocks while the section's queue
// is full, until ctx is done.
func (m *Monitor) Ingest(ctx context.Context, ev Event) error {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if m.closed {
		return ErrClosed
	}
	s, ok := m.sections[ev.Section]
	if !ok {
		return fmt.Errorf("ingest %s event: %w: %q", ev.Kind, ErrUnknownSection, ev.Section)
	}
	select {
	case s.events <- ev:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("ingest %s event for %s: %w", ev.Kind, ev.Section, ctx.Err())
	}
}

// SetRoute records a route set by the interlocking. Its sections are locked
// for the route's train until they are cleared behind it.
func (m *Monitor) SetRoute(r Route) error {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if m.closed {
		return ErrClosed
	}
	for _, id := range r.Sections {
		if _, ok := m.sections[id]; !ok {
			return fmt.Errorf("set route %s: %w: %q", r.ID, ErrUnknownSection, id)
		}
	}
	if err := m.state.setRoute(r); err != nil {
		return fmt.Errorf("set route %s: %w", r.ID, err)
	}
	return nil
}

// Reconfigure replaces the supervised layout, for example when sections are
// handed over to an engineering possession or brought back into use.
// Sections present in both layouts keep their queued events.
func (m *Monitor) Reconfigure(layout Layout) error {
	if err := layout.validate(); err != nil {
		return fmt.Errorf("reconfigure: %w", err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return ErrClosed
	}
	keep := make(map[string]bool, len(layout.Sections))
	for _, id := range layout.Sections {
		keep[id] = true
		if _, ok := m.sections[id]; !ok {
			m.startSection(id)
		}
	}
	for id := range m.sections {
		if !keep[id] {
			delete(m.sections, id)
			m.state.forget(id)
		}
	}
	return nil
}

// Close stops accepting events and waits until every queued event has been
// handled.
func (m *Monitor) Close() error {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return ErrClosed
	}
	m.closed = true
	sections := m.sections
	m.sections = nil
	m.mu.Unlock()

	for _, s := range sections {
		close(s.events)
	}
	for _, s := range sections {
		<-s.done
	}
	return nil
}
