package connpool

import (
	"context"
	"time"
)

// Conn is a raw database connection as produced by a driver. The pool only
// needs to be able to check that the connection is still usable and to close
// it; everything else is done by the caller through the concrete type.
type Conn interface {
	Ping(ctx context.Context) error
	Close() error
}

// Dialer opens new connections to the database.
type Dialer interface {
	Dial(ctx context.Context) (Conn, error)
}

// Clock abstracts time so that idle ages and retry backoff can be tested.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// PooledConn is a connection checked out from a Pool. It must be handed back
// with Pool.Put when the caller is done with it, or with Pool.Discard if the
// caller saw an error that leaves the connection in an unknown state.
type PooledConn struct {
	Conn

	createdAt  time.Time
	returnedAt time.Time
}

// Stats is a point-in-time view of the pool.
type Stats struct {
	Open        int   // dialed and not yet closed, including in-flight dials
	Idle        int   // sitting in the idle list
	Waiting     int   // callers blocked in Get
	LastDialErr error // most recent maintainer dial failure
}
