// Prune counts an extra goroutine when it verifies, and starts that goroutine under
// the same flag, which nothing changes in between: both ifs take the same arm, so
// every Add has its Done.
package prunetwice

import "sync"

func task(wg *sync.WaitGroup, work func()) {
	defer wg.Done()
	work()
}

func Prune(verify bool, work func()) {
	var wg sync.WaitGroup
	wg.Add(2)
	if verify {
		wg.Add(1)
	}
	go task(&wg, work)
	go task(&wg, work)
	if verify {
		go task(&wg, work)
	}
	wg.Wait()
}
