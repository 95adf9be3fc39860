package squares

// run: go Squares([]int{1, -2, 3})

func Squares(xs []int) []int {
	out := make(chan int)
	for _, x := range xs {
		go func(x int) {
			if x < 0 {
				return
			}
			out <- x * x
		}(x)
	}
	var res []int
	for range xs {
		res = append(res, <-out) // want "`Squares` blocks forever receiving from `out`: the goroutine started at line 8 returns at line 10 without sending on `out`"
	}
	return res
}
