package fixedwaitedthendone

import "sync"

// run: _ = collect([]int{1, 2, 3})

type pair struct{ a, b int }

func read(n int) pair { return pair{n, n * n} }

// collect stops on `done`, which a waiter closes only once every sender has returned:
// no sender is left blocked when it does.
func collect(ns []int) []pair {
	pairs := make(chan pair)
	done := make(chan struct{})
	var wg sync.WaitGroup
	for _, n := range ns {
		wg.Add(1)
		go func(n int) {
			defer wg.Done()
			pairs <- read(n)
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
