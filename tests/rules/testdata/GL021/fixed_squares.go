package squares

import "sync"

func Squares(xs []int) []int {
	out := make(chan int)
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func(x int) {
			defer wg.Done()
			out <- x * x
		}(x)
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	var res []int
	for v := range out {
		res = append(res, v)
	}
	return res
}

// Buffered for every sender: Wait first is fine.
func Buffered(xs []int) int {
	out := make(chan int, len(xs))
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func(x int) {
			defer wg.Done()
			out <- x
		}(x)
	}
	wg.Wait()
	close(out)
	sum := 0
	for v := range out {
		sum += v
	}
	return sum
}
