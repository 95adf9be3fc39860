// Package leader implements leader election over a shared lease store.
//
// Every candidate periodically tries to acquire a named lease. The holder
// renews it well before it expires; the others observe who holds it and take
// over once it lapses. A leader that cannot renew in time steps down.
package leader

import (
	"context"
	"errors"
	"time"
)

// Lease is the record candidates compete for.
type Lease struct {
	Name       string
	Holder     string
	AcquiredAt time.Time
	RenewedAt  time.Time
	Duration   time.Duration
	// Version is incremented on every write and used for compare-and-swap.
	Version int64
}

// Expired reports whether the lease is free to be taken at now.
func (l Lease) Expired(now time.Time) bool {
	return l.Holder == "" || !now.Before(l.RenewedAt.Add(l.Duration))
}

var (
	// ErrNotFound is returned by LeaseStore.Get when the lease was never written.
	ErrNotFound = errors.New("leader: lease not found")
	// ErrConflict is returned by LeaseStore.CompareAndSwap when the stored
	// version no longer matches.
	ErrConflict = errors.New("leader: lease version conflict")
)

// LeaseStore persists leases, typically in a database row or a coordination
// service key.
type LeaseStore interface {
	Get(ctx context.Context, name string) (Lease, error)
	// CompareAndSwap replaces old with next if the stored version still
	// equals old.Version, and fails with ErrConflict otherwise.
	CompareAndSwap(ctx context.Context, old, next Lease) error
}

// Clock abstracts time so elections can be tested.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }
