package connpool

import (
	"context"
	"sync/atomic"
)

// Driver opens raw connections to a database.
type Driver interface {
	Dial(ctx context.Context) (RawConn, error)
}

// RawConn is a single connection as provided by a driver.
type RawConn interface {
	Exec(ctx context.Context, query string) error
	Ping(ctx context.Context) error
	Close() error
}

// MemDriver is a stand-in driver that keeps count of open connections.
type MemDriver struct {
	open atomic.Int64
}

// Open reports how many connections are currently open.
func (d *MemDriver) Open() int { return int(d.open.Load()) }

// Dial implements Driver.
func (d *MemDriver) Dial(ctx context.Context) (RawConn, error) {
	d.open.Add(1)
	return &memConn{d: d}, nil
}

type memConn struct {
	d      *MemDriver
	closed atomic.Bool
}

func (c *memConn) Exec(ctx context.Context, query string) error { return ctx.Err() }

func (c *memConn) Ping(ctx context.Context) error { return c.Exec(ctx, "SELECT 1") }

func (c *memConn) Close() error {
	if !c.closed.Swap(true) {
		c.d.open.Add(-1)
	}
	return nil
}
