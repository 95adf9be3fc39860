// Package dlock is a client for a lease-based distributed lock service.
// A held lock is kept alive by a background heartbeat until it is released
// or the client is closed.
package dlock

import (
	"context"
	"errors"
	"time"
)

var (
	// ErrHeld means another owner currently holds the lock.
	ErrHeld = errors.New("dlock: lock held by another owner")
	// ErrExpired means the lease ran out before it was renewed.
	ErrExpired = errors.New("dlock: lease expired")
	// ErrClosed is returned by a Client after Close.
	ErrClosed = errors.New("dlock: client closed")
)

// Lease is the server's grant of a lock to one owner for a limited time.
type Lease struct {
	Name  string
	Owner string
	// Token increases with every grant of Name and can be used for fencing.
	Token uint64
	TTL   time.Duration
}

// Backend is the lock service as seen over the wire.
type Backend interface {
	Grant(ctx context.Context, name, owner string, ttl time.Duration) (Lease, error)
	Renew(ctx context.Context, lease Lease) error
	Revoke(ctx context.Context, lease Lease) error
}
