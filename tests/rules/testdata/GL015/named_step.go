package namedstep

import "sync"

// run: go RunAll([]int{1, -1, 2})

// RunAll runs every step in parallel and counts the failures.
func RunAll(steps []int) int {
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		failed int
	)
	for _, s := range steps {
		wg.Add(1)
		go step(s, &wg, &mu, &failed)
	}
	wg.Wait() // want "`wg.Wait\(\)` blocks forever"
	return failed
}

func step(s int, done *sync.WaitGroup, mu *sync.Mutex, failed *int) {
	if s < 0 {
		mu.Lock()
		*failed++
		mu.Unlock()
		return
	}
	done.Done()
}
