package search

import "sync"

// merge forwards the hits of every shard onto one channel, closed when all are done.
func merge(shards ...<-chan Hit) <-chan Hit {
	out := make(chan Hit)
	var wg sync.WaitGroup
	wg.Add(len(shards))
	for _, c := range shards {
		go func(c <-chan Hit) {
			defer wg.Done()
			for h := range c {
				out <- h // leak: TopN stops reading once it has n hits
			}
		}(c)
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}
