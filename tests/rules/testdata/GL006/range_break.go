package rangebreak

// run: _ = FirstNegative([]int{-1, 2, 3})

func FirstNegative(xs []int) int {
	vals := make(chan int)
	go func() {
		defer close(vals)
		for _, x := range xs {
			vals <- x // want "blocks forever sending on `vals` once `FirstNegative` stops consuming at line 15"
		}
	}()
	for v := range vals {
		if v < 0 {
			return v
		}
	}
	return 0
}
