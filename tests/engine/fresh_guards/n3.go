package n3

import "sync"

const trainSize = 600

func index(x int) int { return x * 2 }

// Build indexes exactly trainSize items: ranging over a slice cut to that
// length runs trainSize times (or panics), as many as the group counts.
func Build(items []int) []int {
	out := make([]int, trainSize)
	var wg sync.WaitGroup
	wg.Add(trainSize)
	for i := range items[:trainSize] {
		go func(i int) {
			defer wg.Done()
			out[i] = index(items[i])
		}(i)
	}
	wg.Wait()
	return out
}

// BuildFirst does the same for a count given at run time.
func BuildFirst(items []int, n int) []int {
	out := make([]int, n)
	var wg sync.WaitGroup
	wg.Add(n)
	for i, x := range items[0:n] {
		go func(i, x int) {
			defer wg.Done()
			out[i] = index(x)
		}(i, x)
	}
	wg.Wait()
	return out
}
