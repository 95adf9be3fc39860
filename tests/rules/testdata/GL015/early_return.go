package earlyreturn

import (
	"errors"
	"sync"
)

// run: go FetchAll([]string{"", "a"})

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
			n, err := fetch(u)
			if err != nil {
				return
			}
			mu.Lock()
			total += n
			mu.Unlock()
			wg.Done()
		}(u)
	}
	wg.Wait() // want "`wg.Wait\\(\\)` blocks forever: the goroutine started at line 23 returns at line 26 without calling `wg.Done\\(\\)`"
	return total
}
