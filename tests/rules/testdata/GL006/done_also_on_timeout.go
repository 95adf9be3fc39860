package donealsoontimeout

import (
	"sync"
	"time"
)

type pair struct{ a, b int }

func read(n int) pair {
	time.Sleep(5 * time.Millisecond)
	return pair{n, n * n}
}

// `done` also comes from a timer: the collector can stop while senders still send.
func collect(ns []int) []pair {
	pairs := make(chan pair)
	done := make(chan bool)
	go func() {
		var wg sync.WaitGroup
		for _, n := range ns {
			wg.Add(1)
			go func(n int) {
				defer wg.Done()
				pairs <- read(n) // want "goroutine blocks forever sending on `pairs` once `collect` stops consuming at line 40"
			}(n)
		}
		wg.Wait()
		done <- true // want "goroutine blocks forever sending on `done` when `collect` returns at line 41 before receiving from `done`"
	}()
	go func() {
		time.Sleep(time.Millisecond)
		done <- true
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
