package keyreg

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sort"
	"sync"
	"time"
)

// PinStore holds the pinning of every cylinder: which bittings it accepts.
type PinStore interface {
	Authorize(ctx context.Context, door, bitting string) error
	Deauthorize(ctx context.Context, door, bitting string) error
}

// Notifier tells building management about revoked keys.
type Notifier interface {
	KeyRevoked(ctx context.Context, k Key) error
}

// Option configures a Registry.
type Option func(*Registry)

func WithLogger(l *log.Logger) Option       { return func(r *Registry) { r.log = l } }
func WithNotifier(n Notifier) Option        { return func(r *Registry) { r.notify = n } }
func WithClock(now func() time.Time) Option { return func(r *Registry) { r.now = now } }
func WithSite(prefix string) Option         { return func(r *Registry) { r.site = prefix } }
func WithMACS(n int) Option                 { return func(r *Registry) { r.macs = n } }

// Registry tracks every key cut for a site and keeps cylinder pinning in
// step with it.
type Registry struct {
	pins   PinStore
	notify Notifier
	log    *log.Logger
	now    func() time.Time
	site   string
	macs   int

	mu     sync.RWMutex
	keys   map[string]*Key
	doors  map[string]*sync.Mutex
	timers map[string]*time.Timer
	seq    int
	closed bool
}

// New returns a Registry that enrols keys in pins.
func New(pins PinStore, opts ...Option) (*Registry, error) {
	if pins == nil {
		return nil, errors.New("keyreg: pin store is required")
	}
	r := &Registry{
		pins:   pins,
		log:    log.New(io.Discard, "", 0),
		now:    time.Now,
		site:   "K",
		macs:   7,
		keys:   make(map[string]*Key),
		doors:  make(map[string]*sync.Mutex),
		timers: make(map[string]*time.Timer),
	}
	for _, opt := range opts {
		opt(r)
	}
	return r, nil
}

// Issue validates and enrols a new key. Temporary keys are revoked
// automatically when their TTL runs out.
func (r *Registry) Issue(ctx context.Context, req IssueRequest) (Key, error) {
	if req.Door == "" || req.Holder == "" {
		return Key{}, errors.New("keyreg: door and holder are required")
	}
	if err := validateBitting(req.Blank, req.Bitting, r.macs); err != nil {
		return Key{}, err
	}
	if req.Kind == KindTemporary && req.TTL <= 0 {
		return Key{}, errors.New("keyreg: temporary key needs a TTL")
	}

	unlock := r.lockDoor(req.Door)
	defer unlock()
	if err := r.pins.Authorize(ctx, req.Door, req.Bitting); err != nil {
		return Key{}, fmt.Errorf("keyreg: authorize %s on %s: %w", req.Bitting, req.Door, err)
	}

	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return Key{}, ErrClosed
	}
	r.seq++
	k := &Key{
		ID:      fmt.Sprintf("%s-%05d", r.site, r.seq),
		Door:    req.Door,
		Kind:    req.Kind,
		Blank:   req.Blank,
		Bitting: req.Bitting,
		Holder:  req.Holder,
		Issued:  r.now(),
	}
	if req.TTL > 0 {
		k.Expires = k.Issued.Add(req.TTL)
		id := k.ID
		r.timers[id] = time.AfterFunc(req.TTL, func() { r.expire(id) })
	}
	r.keys[k.ID] = k
	r.log.Printf("keyreg: issued %s key %s for %s to %s", k.Kind, k.ID, k.Door, k.Holder)
	return *k, nil
}

// Lookup returns a copy of the key with id.
func (r *Registry) Lookup(id string) (Key, error) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	k, ok := r.keys[id]
	if !ok {
		return Key{}, fmt.Errorf("%w: %s", ErrUnknownKey, id)
	}
	return *k, nil
}

// CheckOut records that a key has been signed out to someone.
func (r *Registry) CheckOut(id, to string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	k, ok := r.keys[id]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownKey, id)
	}
	if k.Revoked {
		return fmt.Errorf("%w: %s", ErrRevoked, id)
	}
	k.CheckedOutTo = to
	return nil
}

// Return records that a checked-out key is back on the board.
func (r *Registry) Return(id string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	k, ok := r.keys[id]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownKey, id)
	}
	k.CheckedOutTo = ""
	return nil
}

// ForDoor lists the active keys that open door, ordered by id.
func (r *Registry) ForDoor(door string) []Key {
	r.mu.RLock()
	defer r.mu.RUnlock()
	now := r.now()
	var out []Key
	for _, k := range r.keys {
		if k.Door == door && k.Active(now) {
			out = append(out, *k)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Close stops pending expiries. Keys already issued stay enrolled.
func (r *Registry) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return ErrClosed
	}
	r.closed = true
	for id, t := range r.timers {
		t.Stop()
		delete(r.timers, id)
	}
	return nil
}
