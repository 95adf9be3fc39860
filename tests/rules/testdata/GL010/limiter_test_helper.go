package limiterhelper

import "time"

// run: acquireOnce(time.Millisecond)

// Limiter hands out tokens refilled by a goroutine until Stop.
type Limiter struct {
	tokens chan struct{}
	stop   chan struct{}
}

func NewLimiter(every time.Duration) *Limiter {
	l := &Limiter{tokens: make(chan struct{}, 1), stop: make(chan struct{})}
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				select {
				case l.tokens <- struct{}{}:
				default:
				}
			case <-l.stop:
				return
			}
		}
	}()
	return l
}

func (l *Limiter) Take() { <-l.tokens }

func (l *Limiter) Stop() { close(l.stop) }

func acquireOnce(every time.Duration) {
	l := NewLimiter(every) // want "`NewLimiter` starts a goroutine, which runs until `Stop` stops it; nothing calls `l.Stop\(\)` here"
	l.Take()
}
