package rangebreak

func FirstNegative(xs []int) int {
	vals := make(chan int)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		defer close(vals)
		for _, x := range xs {
			select {
			case vals <- x:
			case <-stop:
				return
			}
		}
	}()
	for v := range vals {
		if v < 0 {
			return v
		}
	}
	return 0
}
