package leaky

import "time"

// First starts one goroutine per source and keeps the first answer: the
// others block for ever on the unbuffered send.
func First(sources []func() int) int {
	results := make(chan int)
	for _, source := range sources {
		go func(source func() int) {
			results <- source()
		}(source)
	}
	return <-results
}

// Poll refreshes on a ticker until the process ends: it never stops.
func Poll(refresh func()) {
	go func() {
		ticker := time.NewTicker(time.Millisecond)
		defer ticker.Stop()
		for range ticker.C {
			refresh()
		}
	}()
}

// Wait hands the receive to a function value, which the static rules do not follow.
func Wait(start func(func())) {
	done := make(chan struct{})
	start(func() { <-done })
}

// Forget is never called by a test: its leak is found statically only.
func Forget() {
	ch := make(chan int)
	go func() { ch <- 1 }()
}
