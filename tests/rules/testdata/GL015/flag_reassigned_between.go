// Prune counts an extra goroutine when it is asked to verify, but then turns
// verification off for a dry run before starting it: Wait waits for a Done that never
// comes.
package prunereassigned

import "sync"

// run: go Prune(true, true, func() {})

func task(wg *sync.WaitGroup, work func()) {
	defer wg.Done()
	work()
}

func Prune(verify, dryRun bool, work func()) {
	var wg sync.WaitGroup
	wg.Add(2)
	if verify {
		wg.Add(1)
	}
	if dryRun {
		verify = false
	}
	go task(&wg, work)
	go task(&wg, work)
	if verify {
		go task(&wg, work)
	}
	wg.Wait() // want "`wg.Wait\\(\\)` blocks forever: `wg.Add` counts more goroutines than ever call `wg.Done\\(\\)` on some path"
}
