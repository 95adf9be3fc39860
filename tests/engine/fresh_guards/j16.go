package fresh

import "sync"

func probeJ16() {}

// `callers := 100` is never changed: it counts as the number it was set to, as a
// constant would, against a loop over the literal (SET_ONCE).
func hammerJ16() {
	callers := 100
	var wg sync.WaitGroup
	wg.Add(callers)
	for range 100 {
		go func() {
			defer wg.Done()
			probeJ16()
		}()
	}
	wg.Wait()
}
