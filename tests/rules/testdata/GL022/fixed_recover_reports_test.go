package fixedrecoverreports

import "testing"

// Each worker recovers from a panic by failing the test, then always reports back:
// the send in the deferred function runs on every path.

func work(n int) int {
	if n < 0 {
		panic("negative")
	}
	return n * 2
}

func TestWorkers(t *testing.T) {
	done := make(chan int)
	for i := 0; i < 4; i++ {
		go func(i int) {
			defer func() {
				if r := recover(); r != nil {
					t.Error(r)
				}
				done <- 1
			}()
			work(i)
		}(i)
	}
	for i := 0; i < 4; i++ {
		<-done
	}
}
