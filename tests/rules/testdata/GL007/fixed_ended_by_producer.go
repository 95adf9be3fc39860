package endedbyproducer

import "time"

type progress struct {
	refresh  chan time.Time
	shutdown chan struct{}
}

// newTicker's goroutine closes p.shutdown only right before it returns, after
// its last send; its one reader stops reading only once p.shutdown is closed,
// so every tick sent is received.
func (p *progress) newTicker(done <-chan struct{}, every time.Duration) chan time.Time {
	ch := make(chan time.Time)
	p.shutdown = make(chan struct{})
	go func() {
		ticker := time.NewTicker(every)
		defer ticker.Stop()
		for {
			select {
			case t := <-ticker.C:
				ch <- t
			case <-done:
				close(p.shutdown)
				return
			}
		}
	}()
	return ch
}

func (p *progress) serve(done <-chan struct{}, render func(time.Time)) {
	p.refresh = p.newTicker(done, time.Second)
	for {
		select {
		case t := <-p.refresh:
			render(t)
		case <-p.shutdown:
			return
		}
	}
}
