package fixeddrainuntilclosed

// `v, ok := <-in` in a loop that returns once `in` is closed drains it, as a range
// would: every send is received, however many there are.

func double(in <-chan int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for {
			v, ok := <-in
			if !ok {
				return
			}
			out <- 2 * v
		}
	}()
	return out
}

func Sum(xs []int) int {
	in := make(chan int)
	go func() {
		for _, x := range xs {
			in <- x
		}
		in <- 100
		close(in)
	}()
	total := 0
	for v := range double(in) {
		total += v
	}
	return total
}
