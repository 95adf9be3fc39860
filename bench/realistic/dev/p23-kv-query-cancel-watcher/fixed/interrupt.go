package kvwire

import (
	"context"
	"time"
)

// aLongTimeAgo is a deadline that has already passed: setting it makes any
// blocked read or write on the connection fail at once.
var aLongTimeAgo = time.Unix(1, 0)

func (c *Conn) interruptOn(ctx context.Context, finished <-chan struct{}) {
	select {
	case <-ctx.Done():
		c.nc.SetDeadline(aLongTimeAgo)
	case <-finished:
	}
}
