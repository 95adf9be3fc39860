package fresh

import "sync"

func prepareJ6(i int) error { return nil }
func handleJ6(i int)        {}

// Each batch goroutine owns its `inner` group and is the only one to wait on it: its
// early return skips the Wait as well (WAITS_ITSELF).
func batchesJ6(groups, items int) {
	var outer sync.WaitGroup
	for g := 0; g < groups; g++ {
		outer.Add(1)
		var inner sync.WaitGroup
		go func() {
			defer outer.Done()
			for i := 0; i < items; i++ {
				inner.Add(1)
				if err := prepareJ6(i); err != nil {
					return
				}
				go func(i int) {
					defer inner.Done()
					handleJ6(i)
				}(i)
			}
			inner.Wait()
		}()
	}
	outer.Wait()
}
