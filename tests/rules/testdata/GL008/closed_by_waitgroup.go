package waitgroup

import "sync"

// Several producers; a helper goroutine closes the channel once they are done.
func Merge(parts [][]int) int {
	out := make(chan int)
	var wg sync.WaitGroup
	for _, p := range parts {
		wg.Add(1)
		go func(p []int) {
			defer wg.Done()
			for _, x := range p {
				out <- x
			}
		}(p)
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	sum := 0
	for x := range out {
		sum += x
	}
	return sum
}
