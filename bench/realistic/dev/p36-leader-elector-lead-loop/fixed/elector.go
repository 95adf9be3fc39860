// Package election picks one leader among the replicas of a service with a lease
// kept in a shared store: whoever holds the lease leads, renews it while leading,
// and hands it back when it steps down.
package election

import (
	"context"
	"errors"
	"log"
	"sync"
	"time"
)

// ErrLeaseLost is returned by Lease.Renew once someone else holds the lease.
var ErrLeaseLost = errors.New("election: lease lost")

// Lease is the shared lock, e.g. a row in a database or a key in etcd.
type Lease interface {
	// TryAcquire takes the lease for holder if it is free or expired.
	TryAcquire(ctx context.Context, holder string, ttl time.Duration) (bool, error)
	// Renew extends holder's lease, or fails with ErrLeaseLost.
	Renew(ctx context.Context, holder string, ttl time.Duration) error
	// Release gives the lease up.
	Release(ctx context.Context, holder string) error
}

// Callbacks tell the application when it starts and stops leading.
type Callbacks struct {
	OnStartedLeading func()
	OnStoppedLeading func()
}

// Config describes one candidate.
type Config struct {
	Identity   string
	TTL        time.Duration // how long a lease lasts without renewal
	RetryEvery time.Duration // how often a follower tries to take the lease
	Logger     *log.Logger
}

// Elector campaigns for the lease on behalf of one replica.
type Elector struct {
	cfg    Config
	lease  Lease
	cb     Callbacks
	resign chan struct{}

	mu      sync.Mutex
	leading bool
}

// New makes an elector; Start begins campaigning.
func New(l Lease, cfg Config, cb Callbacks) (*Elector, error) {
	if cfg.Identity == "" {
		return nil, errors.New("election: identity required")
	}
	if cfg.TTL <= 0 {
		cfg.TTL = 15 * time.Second
	}
	if cfg.RetryEvery <= 0 {
		cfg.RetryEvery = cfg.TTL / 3
	}
	if cfg.Logger == nil {
		cfg.Logger = log.Default()
	}
	return &Elector{cfg: cfg, lease: l, cb: cb, resign: make(chan struct{}, 1)}, nil
}

// Start campaigns in the background until ctx ends.
func (e *Elector) Start(ctx context.Context) { go e.run(ctx) }

// IsLeader reports whether this replica leads right now.
func (e *Elector) IsLeader() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.leading
}

// Resign asks a leading elector to step down; it campaigns again afterwards.
func (e *Elector) Resign() {
	select {
	case e.resign <- struct{}{}:
	default: // a resignation is already pending
	}
}

func (e *Elector) setLeading(v bool) {
	e.mu.Lock()
	e.leading = v
	e.mu.Unlock()
}
