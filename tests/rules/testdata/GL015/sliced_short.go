package slicedshort

import "sync"

// run: go Build(make([]int, 700))

const trainSize = 600

func index(x int) int { return x * 2 }

// Build cuts one item too few: the group waits for a goroutine never started.
func Build(items []int) []int {
	out := make([]int, trainSize)
	var wg sync.WaitGroup
	wg.Add(trainSize)
	for i := range items[:trainSize-1] {
		go func(i int) {
			defer wg.Done()
			out[i] = index(items[i])
		}(i)
	}
	wg.Wait() // want "`wg.Wait\(\)` blocks forever: `wg.Add` counts more goroutines than ever call `wg.Done\(\)`"
	return out
}
