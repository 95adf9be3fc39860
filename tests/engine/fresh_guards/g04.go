package fp

import (
	"context"
	"sync"
	"time"
)

func flush04() {}

func runAggregators04(src <-chan int, aggs []string) {
	ctx, cancel := context.WithCancel(context.Background())

	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for range src {
		}
		cancel() // input drained: stop the pushers
	}()

	for range aggs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-time.After(time.Second):
					flush04()
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	wg.Wait()
}
