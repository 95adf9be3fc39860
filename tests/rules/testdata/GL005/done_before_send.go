package donebeforesend

import (
	"sync"
	"time"
)

// run: _ = collect([]int{1, 2, 3}); time.Sleep(100 * time.Millisecond)

type pair struct{ a, b int }

func read(n int) pair {
	time.Sleep(time.Millisecond)
	return pair{n, n * n}
}

// Each sender says it is done before it sends: the waiter can close `done` while
// senders still wait for a receiver that has left.
func collect(ns []int) []pair {
	pairs := make(chan pair)
	done := make(chan struct{})
	var wg sync.WaitGroup
	for _, n := range ns {
		wg.Add(1)
		go func(n int) {
			wg.Done()
			pairs <- read(n) // want "goroutine is started once per loop iteration and blocks sending on `pairs` once the collecting loop at line 35 returns early at line 40"
		}(n)
	}
	go func() {
		wg.Wait()
		close(done)
	}()
	var out []pair
	for {
		select {
		case p := <-pairs:
			out = append(out, p)
		case <-done:
			return out
		}
	}
}
