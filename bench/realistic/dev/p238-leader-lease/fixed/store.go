// Package election implements leader election on top of a renewable lease
// kept in a strongly consistent store: a database row, an etcd key, a
// Kubernetes Lease object and so on.
//
// Every candidate runs an Elector. The candidate holding an unexpired lease
// is the leader; it renews the lease every RetryPeriod and steps down if it
// cannot do so within RenewDeadline. Followers poll the lease and take it
// over once its holder has stopped renewing it.
package election

import (
	"context"
	"errors"
	"time"
)

// Record is the persisted state of a lease.
type Record struct {
	Name string
	// Holder is the identity of the current holder, or empty if the lease
	// has been released.
	Holder      string
	Acquired    time.Time
	Renewed     time.Time
	Duration    time.Duration
	Transitions int
	// Version is the store's revision of the record, used for optimistic
	// concurrency control.
	Version int64
}

// Store persists lease records.
type Store interface {
	// Get returns the record called name, or an error wrapping ErrNotFound.
	Get(ctx context.Context, name string) (Record, error)
	// Create stores a new record, failing with ErrConflict if one exists.
	Create(ctx context.Context, rec Record) error
	// Update replaces the stored record if its version still equals
	// rec.Version and fails with ErrConflict otherwise.
	Update(ctx context.Context, rec Record) error
}

// Errors reported by Store implementations.
var (
	ErrNotFound = errors.New("election: lease not found")
	ErrConflict = errors.New("election: lease was modified concurrently")
)

// Clock abstracts time for tests.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time                         { return time.Now() }
func (systemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }
