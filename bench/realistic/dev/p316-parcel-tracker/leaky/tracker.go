// Package tracking aggregates parcel status from several carrier APIs. A
// Tracker polls every carrier for the parcels it is responsible for and
// pushes an Event to subscribers whenever a parcel's status changes.
package tracking

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"
)

// ErrUnknownCarrier is returned when tracking a parcel of an unconfigured
// carrier.
var ErrUnknownCarrier = errors.New("tracking: unknown carrier")

// Parcel identifies a shipment to follow.
type Parcel struct {
	Carrier        string
	TrackingNumber string
	Reference      string // merchant order id, echoed to the carrier
}

// Option configures a Tracker.
type Option func(*Tracker)

// WithInterval sets how often Run polls. Default 5 minutes.
func WithInterval(d time.Duration) Option { return func(t *Tracker) { t.interval = d } }

// WithCarrierTimeout bounds each carrier's share of a poll. Default 30s.
func WithCarrierTimeout(d time.Duration) Option { return func(t *Tracker) { t.timeout = d } }

// WithBatchSize caps the parcels per carrier request. Default 100.
func WithBatchSize(n int) Option { return func(t *Tracker) { t.batchSize = n } }

// WithAccount sets the account number sent to carrier.
func WithAccount(carrier, account string) Option {
	return func(t *Tracker) { t.accounts[carrier] = account }
}

// Tracker polls carriers and publishes status changes.
type Tracker struct {
	carriers  map[string]Carrier
	accounts  map[string]string
	interval  time.Duration
	timeout   time.Duration
	batchSize int
	hub       *hub

	mu     sync.Mutex
	latest map[string]Status // by tracking number
	parcel map[string]Parcel
}

// New returns a Tracker using the given carrier clients.
func New(carriers []Carrier, opts ...Option) (*Tracker, error) {
	t := &Tracker{
		carriers:  make(map[string]Carrier),
		accounts:  make(map[string]string),
		interval:  5 * time.Minute,
		timeout:   30 * time.Second,
		batchSize: 100,
		hub:       newHub(),
		latest:    make(map[string]Status),
		parcel:    make(map[string]Parcel),
	}
	for _, c := range carriers {
		t.carriers[c.Name()] = c
	}
	for _, o := range opts {
		o(t)
	}
	if t.batchSize < 1 || t.interval <= 0 || t.timeout <= 0 {
		return nil, fmt.Errorf("tracking: invalid options")
	}
	return t, nil
}

// Track starts following p.
func (t *Tracker) Track(p Parcel) error {
	if _, ok := t.carriers[p.Carrier]; !ok {
		return fmt.Errorf("%w: %q", ErrUnknownCarrier, p.Carrier)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.parcel[p.TrackingNumber] = p
	return nil
}

// Untrack stops following the parcel with the given tracking number.
func (t *Tracker) Untrack(trackingNumber string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.parcel, trackingNumber)
	delete(t.latest, trackingNumber)
}

// Subscribe returns a channel of status changes with the given buffer and a
// function that cancels the subscription and closes the channel.
func (t *Tracker) Subscribe(buffer int) (<-chan Event, func()) {
	return t.hub.subscribe(buffer)
}

// Dropped reports how many events were discarded for slow subscribers.
func (t *Tracker) Dropped() int { return t.hub.droppedCount() }

// PollOnce queries all carriers concurrently and publishes changes. A
// failing carrier does not prevent the others' results from being
// published; its error is included in the returned error.
func (t *Tracker) PollOnce(ctx context.Context) error {
	byCarrier := make(map[string][]Parcel)
	t.mu.Lock()
	for _, p := range t.parcel {
		byCarrier[p.Carrier] = append(byCarrier[p.Carrier], p)
	}
	t.mu.Unlock()

	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
	)
	for name, parcels := range byCarrier {
		sort.Slice(parcels, func(i, j int) bool { return parcels[i].TrackingNumber < parcels[j].TrackingNumber })
		wg.Add(1)
		go func(c Carrier, parcels []Parcel) {
			defer wg.Done()
			cctx, cancel := context.WithTimeout(ctx, t.timeout)
			defer cancel()
			statuses, err := t.requestStatuses(cctx, c, parcels)
			t.apply(statuses)
			if err != nil {
				mu.Lock()
				errs = append(errs, fmt.Errorf("carrier %s: %w", c.Name(), err))
				mu.Unlock()
			}
		}(t.carriers[name], parcels)
	}
	wg.Wait()

	switch len(errs) {
	case 0:
		return nil
	case 1:
		return fmt.Errorf("tracking: poll: %w", errs[0])
	}
	msgs := make([]string, len(errs))
	for i, err := range errs {
		msgs[i] = err.Error()
	}
	sort.Strings(msgs)
	return fmt.Errorf("tracking: poll: %d carriers failed: %s", len(errs), strings.Join(msgs, "; "))
}

// apply records statuses and publishes the ones that changed. Delivered
// parcels are no longer polled.
func (t *Tracker) apply(statuses []Status) {
	var events []Event
	t.mu.Lock()
	for _, s := range statuses {
		p, ok := t.parcel[s.TrackingNumber]
		if !ok {
			continue // untracked meanwhile, or a carrier echoing strangers
		}
		prev := t.latest[s.TrackingNumber]
		if prev.Code == s.Code && prev.At.Equal(s.At) {
			continue
		}
		if !prev.At.IsZero() && s.At.Before(prev.At) {
			continue // stale scan from a lagging carrier replica
		}
		t.latest[s.TrackingNumber] = s
		if s.Code == Delivered {
			delete(t.parcel, s.TrackingNumber)
		}
		events = append(events, Event{Parcel: p, Previous: prev, Current: s})
	}
	t.mu.Unlock()
	for _, ev := range events {
		t.hub.publish(ev)
	}
}

// Run polls every interval until ctx is done. Poll errors are passed to
// onErr, which may be nil.
func (t *Tracker) Run(ctx context.Context, onErr func(error)) error {
	ticker := time.NewTicker(t.interval)
	defer ticker.Stop()
	for {
		if err := t.PollOnce(ctx); err != nil && onErr != nil {
			onErr(err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-ticker.C:
		}
	}
}
