package skipped

import "errors"

// run: _ = Feed([]int{1, -1, 2})

func Feed(xs []int) error {
	ch := make(chan int)
	go func() {
		for x := range ch { // want "goroutine never finishes ranging over `ch` when `Feed` returns at line 16 without closing `ch`"
			_ = x
		}
	}()
	for _, x := range xs {
		if x < 0 {
			return errors.New("negative")
		}
		ch <- x
	}
	close(ch)
	return nil
}
