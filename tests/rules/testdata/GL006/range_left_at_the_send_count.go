package rangeleftatthesendcount

import "time"

var started = time.Now()

// Numbers sends 0..n-1 and closes its channel.
func Numbers(n int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for i := 0; i < n; i++ {
			out <- i
		}
	}()
	return out
}

// Near miss: the counter stops at the count the producer sends, when it has them all.

// SumFirst sums the first k of n numbers.
func SumFirst(n, k int) int {
	sum, i := 0, 0
	for v := range Numbers(n) {
		sum += v
		i++
		if i == n {
			break
		}
	}
	return sum
}
