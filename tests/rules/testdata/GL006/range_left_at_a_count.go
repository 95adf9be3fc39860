package rangeleftatacount

import "time"

var started = time.Now()

// run: _ = SumFirst(10, 3); time.Sleep(time.Millisecond)

// Numbers sends 0..n-1 and closes its channel.
func Numbers(n int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for i := 0; i < n; i++ {
			out <- i // want "goroutine blocks forever sending on `out` \\(`Numbers\\(n\\)`\\) once `SumFirst` stops consuming"
		}
	}()
	return out
}

// SumFirst sums the first k of n numbers.
func SumFirst(n, k int) int {
	sum, i := 0, 0
	for v := range Numbers(n) {
		sum += v
		i++
		if i == k {
			break
		}
	}
	return sum
}
