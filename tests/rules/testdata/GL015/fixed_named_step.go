package namedstep

import "sync"

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
	wg.Wait()
	return failed
}

func step(s int, done *sync.WaitGroup, mu *sync.Mutex, failed *int) {
	defer done.Done()
	if s < 0 {
		mu.Lock()
		*failed++
		mu.Unlock()
		return
	}
}
