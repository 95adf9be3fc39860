package readerquitsfirst

import "time"

// run: done, quit := make(chan struct{}), make(chan struct{}); close(quit); (&progress{}).serve(done, quit); time.Sleep(100 * time.Millisecond); close(done)

type progress struct {
	refresh  chan time.Time
	shutdown chan struct{}
}

// newTicker's goroutine closes p.shutdown after its last send, but its reader
// may also stop on quit, while a tick is on its way.
func (p *progress) newTicker(done <-chan struct{}, every time.Duration) chan time.Time {
	ch := make(chan time.Time)
	p.shutdown = make(chan struct{})
	go func() {
		ticker := time.NewTicker(every)
		defer ticker.Stop()
		for {
			select {
			case t := <-ticker.C:
				ch <- t // want "goroutine blocks forever sending on `ch` once the consumer stops reading: the send ignores `done`"
			case <-done:
				close(p.shutdown)
				return
			}
		}
	}()
	return ch
}

func (p *progress) serve(done, quit <-chan struct{}) {
	p.refresh = p.newTicker(done, time.Millisecond)
	for {
		select {
		case <-p.refresh:
		case <-p.shutdown:
			return
		case <-quit:
			return
		}
	}
}
