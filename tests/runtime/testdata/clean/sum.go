package clean

import "sync"

// Sum adds the squares of xs, one goroutine each, and waits for all of them.
func Sum(xs []int) int {
	results := make(chan int, len(xs))
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func(x int) {
			defer wg.Done()
			results <- x * x
		}(x)
	}
	wg.Wait()
	close(results)
	total := 0
	for r := range results {
		total += r
	}
	return total
}
