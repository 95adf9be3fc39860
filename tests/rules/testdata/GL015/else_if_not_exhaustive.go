package syncjobs

import "sync"

// The early return tests the items, not the direction: with direction 0 the
// chain's implicit else runs, no goroutine is started, and Wait waits for
// len(items) Dones that never come.
func Sync(direction int, items []string, push, pull func(string)) {
	if len(items) == 0 {
		return
	}
	var wg sync.WaitGroup
	wg.Add(len(items))
	if direction > 0 {
		for _, it := range items {
			go func(it string) {
				defer wg.Done()
				push(it)
			}(it)
		}
	} else if direction < 0 {
		for _, it := range items {
			go func(it string) {
				defer wg.Done()
				pull(it)
			}(it)
		}
	}
	wg.Wait() // want "`wg.Wait\(\)` blocks forever"
}
