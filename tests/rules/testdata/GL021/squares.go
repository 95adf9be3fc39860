package squares

import "sync"

// run: go Squares([]int{1, 2, 3})

func Squares(xs []int) []int {
	out := make(chan int)
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func(x int) {
			defer wg.Done()
			out <- x * x // want "goroutine blocks forever sending on `out`: `Squares` waits for it with `wg.Wait\\(\\)` at line 17 before receiving from `out`"
		}(x)
	}
	wg.Wait()
	var res []int
	for v := range out { // want GL008 "`Squares` never finishes ranging over `out`: `out` is sent on but never closed"
		res = append(res, v)
	}
	return res
}
