package joinedbywrapper

import "sync"

// visitAll runs visit on every item and returns once every visitor has
// finished: it hears one done per goroutine it started.
func visitAll(items []int, visit func(int) bool) {
	done := make(chan struct{})
	for _, it := range items {
		it := it
		go func() {
			visit(it)
			done <- struct{}{}
		}()
	}
	for range items {
		<-done
	}
}

// visitGroup does the same with a WaitGroup.
func visitGroup(items []int, visit func(int) bool) {
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func(it int) {
			defer wg.Done()
			visit(it)
		}(it)
	}
	wg.Wait()
}

// Build collects the visitors' errors in a goroutine it tells to stop only
// once visitAll has returned: every error sent by then has been received.
func Build(items []int) []error {
	var errs []error
	cancelCh := make(chan struct{})
	errsCh := make(chan error)
	go func() {
		for {
			select {
			case <-cancelCh:
				close(cancelCh) // the answer: the collector has stopped
				return
			case e := <-errsCh:
				errs = append(errs, e)
			}
		}
	}()
	visitAll(items, func(i int) bool {
		if i < 0 {
			errsCh <- nil
			return true
		}
		return false
	})
	cancelCh <- struct{}{}
	<-cancelCh
	return errs
}

// Check stops its collector by closing a channel after visitGroup returns.
func Check(items []int) int {
	bad := 0
	stop := make(chan struct{})
	stopped := make(chan struct{})
	found := make(chan int)
	go func() {
		defer close(stopped)
		for {
			select {
			case <-stop:
				return
			case i := <-found:
				bad += i
			}
		}
	}()
	visitGroup(items, func(i int) bool {
		if i < 0 {
			found <- 1
		}
		return i < 0
	})
	close(stop)
	<-stopped
	return bad
}
