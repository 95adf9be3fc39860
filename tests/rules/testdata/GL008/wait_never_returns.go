package waitneverreturns

import "sync"

// run: go func() { _ = Sizes([]string{"a", "", "c"}) }()

// Sizes measures every non-empty name concurrently.
func Sizes(names []string) int {
	sizes := make(chan int)
	var wg sync.WaitGroup
	for _, n := range names {
		wg.Add(1)
		if n == "" {
			continue
		}
		go func(n string) {
			defer wg.Done()
			sizes <- len(n)
		}(n)
	}
	go func() {
		wg.Wait() // want "`wg.Wait\\(\\)` blocks forever"
		close(sizes)
	}()
	total := 0
	for s := range sizes { // want "`Sizes` never finishes ranging over `sizes`: `sizes` is closed only after `wg.Wait\\(\\)` at line 22, which never returns"
		total += s
	}
	return total
}
