package dispatch

import (
	"context"
	"fmt"
	"sync"
	"time"
)

type quote struct {
	bike Bike
	eta  time.Duration
	err  error
}

// bestQuote asks the router for pickup ETAs from the candidate bikes using
// a small worker pool. It returns early with the first quote under
// GoodEnoughETA, otherwise the fastest one. n is the number of quotes read.
func (d *Dispatcher) bestQuote(ctx context.Context, o Order, bikes []Bike) (best quote, n int, err error) {
	ctx, cancel := context.WithTimeout(ctx, d.cfg.QuoteTimeout)
	defer cancel()

	jobs := make(chan Bike, len(bikes))
	for _, b := range bikes {
		jobs <- b
	}
	close(jobs)

	results := make(chan quote)
	workers := d.cfg.QuoteWorkers
	if workers > len(bikes) {
		workers = len(bikes)
	}
	var wg sync.WaitGroup
	wg.Add(workers)
	for i := 0; i < workers; i++ {
		go func() {
			defer wg.Done()
			d.quoteWorker(ctx, o.Pickup, jobs, results)
		}()
	}

	var errs []error
	found := false
	for n < len(bikes) {
		q := <-results
		n++
		if q.err != nil {
			errs = append(errs, fmt.Errorf("bike %s: %w", q.bike.ID, q.err))
			continue
		}
		if q.eta <= d.cfg.GoodEnoughETA {
			return q, n, nil
		}
		if !found || q.eta < best.eta {
			best, found = q, true
		}
	}
	wg.Wait()

	if !found {
		if len(errs) == 0 {
			return quote{}, n, ErrNoBike
		}
		return quote{}, n, fmt.Errorf("no route quotes (%d failed): %w", len(errs), errs[0])
	}
	if len(errs) > 0 {
		d.cfg.Logger.Printf("dispatch: order %s: %d of %d quotes failed, first: %v", o.ID, len(errs), n, errs[0])
	}
	return best, n, nil
}

func (d *Dispatcher) quoteWorker(ctx context.Context, pickup Location, jobs <-chan Bike, results chan<- quote) {
	for b := range jobs {
		eta, err := d.router.ETA(ctx, b.Position, pickup)
		results <- quote{bike: b, eta: eta, err: err} // leak: nobody reads once an early good-enough quote returned
	}
}
