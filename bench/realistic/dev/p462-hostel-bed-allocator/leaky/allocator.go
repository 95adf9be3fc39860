package beds

import (
	"fmt"
	"log"
	"sync"
	"time"
)

// Option configures an Allocator.
type Option func(*Allocator)

// WithClock overrides the time source.
func WithClock(now func() time.Time) Option { return func(a *Allocator) { a.now = now } }

// WithLogger sets the logger used for desk events.
func WithLogger(l *log.Logger) Option { return func(a *Allocator) { a.log = l } }

// WithNotifier sets who is told when a walk-in gets a bed.
func WithNotifier(n Notifier) Option { return func(a *Allocator) { a.notify = n } }

// WithMaxWaitlist caps how many walk-ins can queue at the desk.
func WithMaxWaitlist(n int) Option { return func(a *Allocator) { a.maxWaitlist = n } }

// Allocator hands out bunks for one night across the hostel's dorms.
type Allocator struct {
	mu          sync.Mutex
	cond        *sync.Cond
	dorms       []*dormState
	byGuest     map[string]Assignment
	waitlist    []*walkIn
	maxWaitlist int
	closed      bool
	dispatchOne sync.Once

	now    func() time.Time
	log    *log.Logger
	notify Notifier
}

// New creates an allocator for the given dorms.
func New(dorms []Dorm, opts ...Option) (*Allocator, error) {
	a := &Allocator{
		byGuest:     make(map[string]Assignment),
		maxWaitlist: 20,
		now:         time.Now,
		log:         log.Default(),
	}
	a.cond = sync.NewCond(&a.mu)
	seen := make(map[string]bool)
	for _, d := range dorms {
		if d.Beds <= 0 {
			return nil, fmt.Errorf("dorm %s has no beds", d.ID)
		}
		if seen[d.ID] {
			return nil, fmt.Errorf("dorm %s listed twice", d.ID)
		}
		seen[d.ID] = true
		a.dorms = append(a.dorms, &dormState{Dorm: d, occupant: make([]string, d.Beds)})
	}
	for _, o := range opts {
		o(a)
	}
	return a, nil
}

// Assign gives the guest a bed now, or ErrFull.
func (a *Allocator) Assign(g Guest) (Assignment, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return Assignment{}, ErrClosed
	}
	if _, ok := a.byGuest[g.Name]; ok {
		return Assignment{}, fmt.Errorf("%s: %w", g.Name, ErrAlreadyBooked)
	}
	asg, ok := a.placeLocked(g)
	if !ok {
		return Assignment{}, ErrFull
	}
	return asg, nil
}

// placeLocked puts g in the first dorm that suits, women-only dorms
// first for women so mixed bunks stay available. a.mu must be held.
func (a *Allocator) placeLocked(g Guest) (Assignment, bool) {
	if d := a.pickLocked(g, true); d != nil {
		return a.takeLocked(d, g), true
	}
	if d := a.pickLocked(g, false); d != nil {
		return a.takeLocked(d, g), true
	}
	return Assignment{}, false
}

func (a *Allocator) pickLocked(g Guest, preferred bool) *dormState {
	for _, d := range a.dorms {
		if (d.FemaleOnly == g.Female) == preferred && d.suits(g) {
			return d
		}
	}
	return nil
}

func (a *Allocator) takeLocked(d *dormState, g Guest) Assignment {
	bed := d.take(g.Name)
	asg := Assignment{Guest: g, Dorm: d.ID, Bed: bed, At: a.now()}
	if d.Private {
		for i := range d.occupant {
			d.occupant[i] = g.Name
		}
	}
	a.byGuest[g.Name] = asg
	return asg
}

// Checkout frees the guest's bed and lets the desk offer it to walk-ins.
func (a *Allocator) Checkout(name string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	asg, ok := a.byGuest[name]
	if !ok {
		return fmt.Errorf("%s: %w", name, ErrUnknownGuest)
	}
	delete(a.byGuest, name)
	for _, d := range a.dorms {
		if d.ID != asg.Dorm {
			continue
		}
		for i, o := range d.occupant {
			if o == name {
				d.occupant[i] = ""
			}
		}
	}
	a.log.Printf("checkout %s from %s/%d", name, asg.Dorm, asg.Bed)
	a.cond.Signal()
	return nil
}

// Occupancy returns the number of occupied and total bunks.
func (a *Allocator) Occupancy() (used, total int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, d := range a.dorms {
		total += d.Beds
		used += d.Beds - d.free()
	}
	return used, total
}

// Close stops the desk. Walk-ins still waiting are told ErrClosed.
func (a *Allocator) Close() error {
	a.mu.Lock()
	if a.closed {
		a.mu.Unlock()
		return ErrClosed
	}
	a.closed = true
	pending := a.waitlist
	a.waitlist = nil
	if len(pending) > 0 {
		a.log.Printf("closing desk with %d walk-ins still waiting", len(pending))
		a.cond.Broadcast()
	}
	a.mu.Unlock()

	for _, w := range pending {
		w.done(Assignment{}, ErrClosed)
	}
	return nil
}
