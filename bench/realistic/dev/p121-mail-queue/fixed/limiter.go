package mailq

import "time"

// limiter hands out delivery tokens for one domain at a fixed pace.
type limiter struct {
	every  time.Duration
	tokens chan struct{}
	stop   chan struct{}
}

// newLimiter returns a limiter that starts with burst tokens and adds one
// every interval, up to burst.
func newLimiter(every time.Duration, burst int) *limiter {
	l := &limiter{
		every:  every,
		tokens: make(chan struct{}, burst),
		stop:   make(chan struct{}),
	}
	for i := 0; i < burst; i++ {
		l.tokens <- struct{}{}
	}
	go l.refill()
	return l
}

func (l *limiter) refill() {
	t := time.NewTicker(l.every)
	defer t.Stop()
	for {
		select {
		case <-l.stop:
			return
		case <-t.C:
			select {
			case l.tokens <- struct{}{}:
			default:
			}
		}
	}
}

// close stops the refill loop.
func (l *limiter) close() { close(l.stop) }
