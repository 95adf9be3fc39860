package shotpool

import "context"

// feed hands out one job per URL on the returned channel and closes it when
// every URL has been taken or ctx ends.
func feed(ctx context.Context, urls []string) <-chan job {
	jobs := make(chan job)
	go func() {
		defer close(jobs)
		for i, u := range urls {
			select {
			case jobs <- job{index: i, url: u}:
			case <-ctx.Done():
				return
			}
		}
	}()
	return jobs
}
