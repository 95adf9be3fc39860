package fixedwaitedthendone

import "sync"

// run: _ = collect([]int{1, 2, 3})

type pair struct{ a, b int }

func read(n int) pair { return pair{n, n * n} }

// The goroutine that starts the senders signals `done` only after waiting for all of
// them: by then every value has been received.
func collect(ns []int) []pair {
	pairs := make(chan pair)
	done := make(chan bool)
	go func() {
		var wg sync.WaitGroup
		for _, n := range ns {
			wg.Add(1)
			go func(n int) {
				defer wg.Done()
				pairs <- read(n)
			}(n)
		}
		wg.Wait()
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
