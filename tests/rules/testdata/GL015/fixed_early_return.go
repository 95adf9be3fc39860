package earlyreturn

import (
	"errors"
	"sync"
)

func fetch(u string) (int, error) {
	if u == "" {
		return 0, errors.New("empty url")
	}
	return len(u), nil
}

func FetchAll(urls []string) int {
	var wg sync.WaitGroup
	var mu sync.Mutex
	total := 0
	for _, u := range urls {
		wg.Add(1)
		go func(u string) {
			defer wg.Done()
			n, err := fetch(u)
			if err != nil {
				return
			}
			mu.Lock()
			total += n
			mu.Unlock()
		}(u)
	}
	wg.Wait()
	return total
}

// Done on every path, explicitly.
func Explicit(xs []int) {
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func(x int) {
			if x < 0 {
				wg.Done()
				return
			}
			wg.Done()
		}(x)
	}
	wg.Wait()
}
