package pool

import (
	"context"
	"time"
)

// RawConn is a driver-level database connection.
type RawConn interface {
	// Ping checks that the connection is still usable.
	Ping(ctx context.Context) error
	// Close releases the connection's resources.
	Close() error
}

// Connector opens new driver connections.
type Connector interface {
	Connect(ctx context.Context) (RawConn, error)
}

// ConnectorFunc adapts a function to the Connector interface.
type ConnectorFunc func(ctx context.Context) (RawConn, error)

// Connect implements Connector.
func (f ConnectorFunc) Connect(ctx context.Context) (RawConn, error) { return f(ctx) }

// Conn is a connection checked out of a Pool. It must be returned with
// Release, or with Discard if it is known to be broken.
type Conn struct {
	pool      *Pool
	raw       RawConn
	createdAt time.Time
	returned  bool
}

// Raw returns the underlying driver connection.
func (c *Conn) Raw() RawConn { return c.raw }

// Release returns the connection to the pool for reuse.
func (c *Conn) Release() {
	c.pool.put(c, false)
}

// Discard closes the connection instead of returning it for reuse, and
// frees its slot for a new one.
func (c *Conn) Discard() {
	c.pool.put(c, true)
}

// idleConn is a connection waiting in the idle list.
type idleConn struct {
	conn      *Conn
	idleSince time.Time
}

// Clock abstracts time for idle reaping.
type Clock interface {
	Now() time.Time
	NewTicker(d time.Duration) Ticker
}

// Ticker is the part of *time.Ticker the pool uses.
type Ticker interface {
	C() <-chan time.Time
	Stop()
}

type realClock struct{}

func (realClock) Now() time.Time                   { return time.Now() }
func (realClock) NewTicker(d time.Duration) Ticker { return realTicker{time.NewTicker(d)} }

type realTicker struct{ t *time.Ticker }

func (r realTicker) C() <-chan time.Time { return r.t.C }
func (r realTicker) Stop()               { r.t.Stop() }
