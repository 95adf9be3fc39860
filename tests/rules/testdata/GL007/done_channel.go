package donech

// run: done := make(chan struct{}); ch := Square(done, []int{1, 2, 3}); <-ch; close(done)

func Square(done <-chan struct{}, in []int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for _, n := range in {
			out <- n * n // want "the send ignores `done`"
		}
	}()
	return out
}
