package addbeforecontinue

import "sync"

// Sizes measures every non-empty name in parallel.
func Sizes(names []string) []int {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		sizes []int
	)
	for _, n := range names {
		if n == "" {
			continue
		}
		wg.Add(1)
		go func(n string) {
			defer wg.Done()
			mu.Lock()
			sizes = append(sizes, len(n))
			mu.Unlock()
		}(n)
	}
	wg.Wait()
	return sizes
}
