package dlock

import (
	"context"
	"errors"
	"time"
)

// LeaseID identifies a lease granted by the store. Keys attached to a lease are
// deleted when it expires or is revoked; the store client keeps granted leases
// alive on its own until they are revoked.
type LeaseID int64

// ErrLeaseNotFound is returned for leases that expired or were revoked.
var ErrLeaseNotFound = errors.New("dlock: lease not found")

// KV is the subset of a consistent key-value store's client that locks need.
type KV interface {
	Grant(ctx context.Context, ttl time.Duration) (LeaseID, error)
	Revoke(ctx context.Context, id LeaseID) error
	// CreateIfAbsent stores key=value attached to lease unless key exists, and
	// reports whether it did; if key exists it also returns its current value.
	CreateIfAbsent(ctx context.Context, key, value string, lease LeaseID) (bool, string, error)
	// DeleteIfValue deletes key if it still holds value.
	DeleteIfValue(ctx context.Context, key, value string) error
}
