package addbeforecontinue

import "sync"

// run: go Sizes([]string{"a", "", "ccc"})

// Sizes measures every non-empty name in parallel.
func Sizes(names []string) []int {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		sizes []int
	)
	for _, n := range names {
		wg.Add(1)
		if n == "" {
			continue
		}
		go func(n string) {
			defer wg.Done()
			mu.Lock()
			sizes = append(sizes, len(n))
			mu.Unlock()
		}(n)
	}
	wg.Wait() // want "`wg.Wait\(\)` blocks forever"
	return sizes
}
