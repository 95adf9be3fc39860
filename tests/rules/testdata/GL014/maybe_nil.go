package maybenil

// run: Report([]int{1, 2}, false)

func sum(xs []int) int {
	total := 0
	for _, x := range xs {
		total += x
	}
	return total
}

// Report sums xs on its own goroutine; the total is only wanted when asked for.
func Report(xs []int, wanted bool) int {
	var totals chan int
	if wanted {
		totals = make(chan int, 1)
	}
	go func() {
		totals <- sum(xs) // want "goroutine blocks forever sending on `totals` when `totals` is nil: it is made only on some paths \\(line 17\\)"
	}()
	if wanted {
		return <-totals
	}
	return 0
}
