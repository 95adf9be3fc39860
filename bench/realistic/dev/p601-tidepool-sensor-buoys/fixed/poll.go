package buoynet

import (
	"context"
	"time"
)

type pollResult struct {
	buoyID   string
	reading  Reading
	attempts int
	err      error
}

// pollAll starts one poller per buoy and returns the channel their results
// arrive on, in completion order. At most c.maxInFlight gateway requests
// run at the same time.
func (c *Collector) pollAll(ctx context.Context, ids []string) <-chan pollResult {
	out := make(chan pollResult, len(ids))
	sem := make(chan struct{}, c.maxInFlight)
	for _, id := range ids {
		go func(id string) {
			res := c.pollOne(ctx, id, sem)
			out <- res
		}(id)
	}
	return out
}

func (c *Collector) pollOne(ctx context.Context, id string, sem chan struct{}) pollResult {
	select {
	case sem <- struct{}{}:
	case <-ctx.Done():
		return pollResult{buoyID: id, err: ctx.Err()}
	}
	defer func() { <-sem }()

	res := pollResult{buoyID: id}
	for {
		res.attempts++
		r, err := c.gw.Latest(ctx, id)
		if err == nil {
			if r.BuoyID == "" {
				r.BuoyID = id
			}
			res.reading = r
			res.err = nil
			return res
		}
		res.err = err
		if !retryable(err) || res.attempts > c.retries {
			return res
		}
		c.log.Printf("%s: %v, retrying in %s", id, err, c.backoff)
		t := time.NewTimer(c.backoff)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			res.err = ctx.Err()
			return res
		}
	}
}
