package probe

import (
	"context"
	"errors"
	"net"
	"time"
)

type result struct {
	addr string
	rtt  time.Duration
	err  error
}

// probeBoth dials the primary address in a goroutine and reports its result, then waits
// for a result from the backup as well; but only the primary is ever dialled.
func probeBoth(ctx context.Context, primary, backup string) (result, result, error) {
	results := make(chan result)
	go func() {
		start := time.Now()
		var d net.Dialer
		conn, err := d.DialContext(ctx, "tcp", primary)
		if err == nil {
			conn.Close()
		}
		results <- result{addr: primary, rtt: time.Since(start), err: err}
	}()
	first := <-results
	if first.err != nil {
		return first, result{}, first.err
	}
	second := <-results
	if second.err != nil {
		return first, second, errors.New("backup unreachable: " + backup)
	}
	return first, second, nil
}
