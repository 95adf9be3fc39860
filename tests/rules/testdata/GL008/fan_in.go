package fanin

import (
	"fmt"
	"sync"
)

// run: FanIn([][]int{{1, 2}, {3}})

func FanIn(parts [][]int) {
	out := make(chan int)
	var wg sync.WaitGroup
	go func() {
		for x := range out { // want "goroutine never finishes ranging over `out`: `out` is sent on but never closed"
			fmt.Println(x)
		}
	}()
	for _, p := range parts {
		wg.Add(1)
		go func(p []int) {
			defer wg.Done()
			for _, x := range p {
				out <- x
			}
		}(p)
	}
	wg.Wait()
}
