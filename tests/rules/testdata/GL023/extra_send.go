package extrasend

// run: _ = Sum([]int{1, 2, 3})

func Sum(xs []int) int {
	parts := make(chan int)
	go func() {
		for _, x := range xs {
			parts <- x
		}
		parts <- -1 // want "goroutine blocks forever sending on `parts`: more values are sent on `parts` than `Sum` receives"
	}()
	total := 0
	for range xs {
		total += <-parts
	}
	return total
}
