package ns

import "log"

// The goroutine was meant to close `done`, but it was never handed the channel:
// waiting on it blocks for good.
func flushAll(flush func() error) {
	done := make(chan struct{})
	go func() {
		if err := flush(); err != nil {
			log.Print(err)
		}
	}()
	<-done // want "blocks forever receiving from `done`: nothing ever sends on or closes `done`"
}
