package syncjobs

import "sync"

// EXHAUSTIVE_ELSE_IF: direction == 0 has returned, so one of the two arms always
// runs and starts the goroutines wg.Add counted.
func Apply(direction int, items []string, push, pull func(string)) {
	if direction == 0 {
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
	wg.Wait()
}
