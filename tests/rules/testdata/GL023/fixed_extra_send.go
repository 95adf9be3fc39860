package extrasend

// run: _ = Sum([]int{1, 2, 3})

func Sum(xs []int) int {
	parts := make(chan int)
	go func() {
		for _, x := range xs {
			parts <- x
		}
	}()
	total := 0
	for range xs {
		total += <-parts
	}
	return total
}
