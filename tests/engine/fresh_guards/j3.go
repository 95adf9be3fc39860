package fresh

import "sync"

// The producer puts each value on whichever of two channels has room; the consumer
// takes from either (SENDS_SPLIT_ACROSS_CASES): a value not sent on `low` went to
// `high`, where the same select receives it.
func shuffleJ3(rounds int) {
	low := make(chan int, 1)
	high := make(chan int, 1)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := 0; i < rounds; i++ {
			select {
			case low <- i:
			case high <- i:
			}
		}
	}()
	go func() {
		defer wg.Done()
		for i := 0; i < rounds; i++ {
			select {
			case <-low:
			case <-high:
			}
		}
	}()
	wg.Wait()
}
