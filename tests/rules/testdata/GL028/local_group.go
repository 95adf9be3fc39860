package localgroup

import "sync"

// run: go Run([]int{1, -1})

// Run processes the items concurrently; a negative item asks to drain the rest first.
func Run(items []int) {
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func(it int) {
			defer wg.Done()
			process(it, &wg)
		}(it)
	}
	wg.Wait()
}

func process(it int, wg *sync.WaitGroup) {
	if it < 0 {
		drain(wg)
	}
}

func drain(wg *sync.WaitGroup) {
	wg.Wait() // want "`wg.Wait\\(\\)` is reached from the goroutine's function literal \\(through `process`, then `drain`\\)"
}
