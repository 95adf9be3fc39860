package sonar

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"sync"
	"time"
)

// ErrUnknownArray is returned for detections from an array that was never
// registered with the tracker.
var ErrUnknownArray = errors.New("sonar: unknown array")

// Listener is told about changes to the contact picture. Calls are made
// without the tracker's lock held, so a listener may call back into it.
type Listener interface {
	ContactGained(Contact)
	ContactUpdated(Contact)
	ContactLost(Contact)
}

// Option configures a Tracker.
type Option func(*Tracker)

// WithGate sets how far, in degrees, a detection may lie from a
// contact's predicted bearing and still be associated with it.
func WithGate(deg float64) Option { return func(t *Tracker) { t.gate = deg } }

// WithHoldTime sets how long a contact is held without a fix before it
// is declared lost.
func WithHoldTime(d time.Duration) Option { return func(t *Tracker) { t.hold = d } }

// WithMinSNR drops detections weaker than db.
func WithMinSNR(db float64) Option { return func(t *Tracker) { t.minSNR = db } }

// WithTicker replaces the sweep ticker, for tests.
func WithTicker(tick func(time.Duration) (<-chan time.Time, func())) Option {
	return func(t *Tracker) { t.newTicker = tick }
}

// Tracker associates bearing detections from the boat's arrays into
// contacts and drops contacts that have not been held for a while.
type Tracker struct {
	listener  Listener
	gate      float64
	hold      time.Duration
	minSNR    float64
	newTicker func(time.Duration) (<-chan time.Time, func())

	mu       sync.Mutex
	arrays   map[string]float64 // array name -> axis offset from true north
	contacts map[ContactID]*Contact
	nextID   ContactID

	cancel context.CancelFunc
}

// NewTracker starts a tracker and its background sweep.
func NewTracker(l Listener, opts ...Option) *Tracker {
	t := &Tracker{
		listener: l,
		gate:     3,
		hold:     5 * time.Minute,
		minSNR:   6,
		newTicker: func(d time.Duration) (<-chan time.Time, func()) {
			tk := time.NewTicker(d)
			return tk.C, tk.Stop
		},
		arrays:   make(map[string]float64),
		contacts: make(map[ContactID]*Contact),
		nextID:   1,
	}
	for _, o := range opts {
		o(t)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.cancel = cancel
	tick, stop := t.newTicker(t.hold / 4)
	go t.run(ctx, tick, stop)
	return t
}

// SetArrayAxis registers an array, or updates it after a course change:
// offset is the true bearing of the array's reference axis.
func (t *Tracker) SetArrayAxis(array string, offset float64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.arrays[array] = normBearing(offset)
}

// Ingest associates a detection with an existing contact or starts a new
// one, and returns the contact it was assigned to. Detections below the
// SNR threshold are ignored and return 0.
func (t *Tracker) Ingest(d Detection) (ContactID, error) {
	if err := d.validate(); err != nil {
		return 0, err
	}
	if d.SNR < t.minSNR {
		return 0, nil
	}

	t.mu.Lock()
	offset, ok := t.arrays[d.Array]
	if !ok {
		t.mu.Unlock()
		return 0, fmt.Errorf("%w: %q", ErrUnknownArray, d.Array)
	}
	bearing := normBearing(d.Bearing + offset)

	c := t.associateLocked(bearing, d)
	gained := c == nil
	if gained {
		c = &Contact{
			ID:        t.nextID,
			Bearing:   bearing,
			SNR:       d.SNR,
			FreqHz:    d.FreqHz,
			Fixes:     1,
			FirstHeld: d.At,
			LastHeld:  d.At,
		}
		t.nextID++
		t.contacts[c.ID] = c
	} else {
		c.update(bearing, d, 0.3)
	}
	snap := *c
	t.mu.Unlock()

	if gained {
		t.listener.ContactGained(snap)
	} else {
		t.listener.ContactUpdated(snap)
	}
	return snap.ID, nil
}

// associateLocked returns the contact whose predicted bearing is nearest
// the detection, or nil if none is inside the gate.
func (t *Tracker) associateLocked(bearing float64, d Detection) *Contact {
	var best *Contact
	bestDiff := t.gate
	for _, c := range t.contacts {
		if !freqMatch(c.FreqHz, d.FreqHz, 2) {
			continue
		}
		diff := math.Abs(bearingDiff(bearing, c.predict(d.At)))
		if diff <= bestDiff {
			best, bestDiff = c, diff
		}
	}
	return best
}

// Contacts returns the current picture ordered by contact number.
func (t *Tracker) Contacts() []Contact {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]Contact, 0, len(t.contacts))
	for _, c := range t.contacts {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func (t *Tracker) run(ctx context.Context, tick <-chan time.Time, stop func()) {
	defer stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-tick:
			t.sweep(now)
		}
	}
}

// sweep drops contacts not held within the hold time.
func (t *Tracker) sweep(now time.Time) {
	t.mu.Lock()
	var lost []Contact
	for id, c := range t.contacts {
		if now.Sub(c.LastHeld) > t.hold {
			lost = append(lost, *c)
			delete(t.contacts, id)
		}
	}
	t.mu.Unlock()

	sort.Slice(lost, func(i, j int) bool { return lost[i].ID < lost[j].ID })
	for _, c := range lost {
		t.listener.ContactLost(c)
	}
}

// Close stops the background sweep.
func (t *Tracker) Close() {
	t.cancel()
}
