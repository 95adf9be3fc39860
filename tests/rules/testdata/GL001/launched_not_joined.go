package launchednotjoined

import "time"

// run: _ = Build([]int{-1})

// launchAll starts visit on every item and returns at once, without waiting.
func launchAll(items []int, visit func(int) bool) {
	for _, it := range items {
		go visit(it)
	}
}

// Build tells its collector to stop as soon as the visitors are launched: a
// visitor that reports later sends to nobody.
func Build(items []int) []error {
	var errs []error
	cancelCh := make(chan struct{})
	errsCh := make(chan error)
	go func() {
		for {
			select {
			case <-cancelCh:
				close(cancelCh)
				return
			case e := <-errsCh:
				errs = append(errs, e)
			}
		}
	}()
	launchAll(items, func(i int) bool {
		if i < 0 {
			// The visit's work takes a while.
			time.Sleep(10 * time.Millisecond)
			errsCh <- nil // want "goroutine blocks forever sending on `errsCh` when `<-cancelCh` wins the select"
			return true
		}
		return false
	})
	cancelCh <- struct{}{}
	<-cancelCh
	return errs
}
