package readerreturns

import (
	"sync/atomic"
	"time"
)

type Sampler struct {
	samples int64
	done    chan struct{}
}

// The ticker is handed to the goroutine, which returns once done is closed and leaves
// it running: stopping it when Start returns instead would starve the loop.
func (s *Sampler) Start(every time.Duration) {
	ticker := time.NewTicker(every) // want "ticker `ticker` is never stopped: the goroutine reading it returns at line 23 and leaves its timer running"
	go func() {
		for {
			select {
			case <-ticker.C:
				atomic.AddInt64(&s.samples, 1)
			case <-s.done:
				return
			}
		}
	}()
}

func (s *Sampler) Stop() { close(s.done) }
