package fresh

import "sync"

func workK5(int) {}

// `wg.Add` of a constant of the function, against a range over a slice made that
// long: both read the constant's value (SIZED_BY_ITS_MAKE with LOCAL_CONSTANTS).
func fanK5() {
	const count = 8
	items := make([]int, count)
	var wg sync.WaitGroup
	wg.Add(count)
	for _, it := range items {
		go func(it int) {
			defer wg.Done()
			workK5(it)
		}(it)
	}
	wg.Wait()
}
