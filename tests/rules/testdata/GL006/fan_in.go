package fanin

import "sync"

// run: _ = firstN([][]int{{1, 2, 3}, {4, 5, 6}}, 2)

// source hands out a list's values, all buffered up front.
func source(xs []int) <-chan int {
	out := make(chan int, len(xs))
	for _, x := range xs {
		out <- x
	}
	close(out)
	return out
}

func merge(ins ...<-chan int) <-chan int {
	out := make(chan int)
	var wg sync.WaitGroup
	wg.Add(len(ins))
	for _, in := range ins {
		go func(in <-chan int) {
			defer wg.Done()
			for v := range in {
				out <- v // want "goroutine blocks forever sending on `out` \\(`merge\\(ins...\\)`\\) once `firstN` stops consuming at line 45"
			}
		}(in)
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}

func firstN(lists [][]int, n int) []int {
	var ins []<-chan int
	for _, l := range lists {
		ins = append(ins, source(l))
	}
	var got []int
	for v := range merge(ins...) {
		got = append(got, v)
		if len(got) == n {
			break
		}
	}
	return got
}
