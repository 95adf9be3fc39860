package consumer

import "time"

// run: _ = Collect([]int{1, 2, 3, 4, 5}, time.Millisecond)

func Collect(items []int, limit time.Duration) []int {
	out := make(chan int)
	go func() {
		for _, it := range items {
			time.Sleep(50 * time.Millisecond)
			out <- it * 2 // want "goroutine blocks forever sending on `out` once `Collect` stops consuming at line 24: the producer has no way to learn it should stop"
		}
		close(out)
	}()
	var got []int
	for {
		select {
		case v, ok := <-out:
			if !ok {
				return got
			}
			got = append(got, v)
		case <-time.After(limit):
			return got
		}
	}
}
