package drained

// The consumer reads everything: no leak.
func Sum(xs []int) int {
	vals := make(chan int)
	go func() {
		defer close(vals)
		for _, x := range xs {
			vals <- x
		}
	}()
	total := 0
	for v := range vals {
		total += v
	}
	return total
}
