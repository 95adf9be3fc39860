package search

import "sync"

// merge forwards the hits of every shard onto one channel, closed when all are done.
// Closing done makes every forwarder stop.
func merge(done <-chan struct{}, shards ...<-chan Hit) <-chan Hit {
	out := make(chan Hit)
	var wg sync.WaitGroup
	wg.Add(len(shards))
	for _, c := range shards {
		go func(c <-chan Hit) {
			defer wg.Done()
			for h := range c {
				select {
				case out <- h:
				case <-done:
					return
				}
			}
		}(c)
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}
