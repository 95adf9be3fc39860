package tokens

import "sync"

// Add in Acquire, Done in Release: the caller holds the token in between, so the
// count comes down in code the goroutine does not run. Not a leak we can judge.

type Limiter struct {
	held sync.WaitGroup
}

func (l *Limiter) Acquire(work func()) {
	l.held.Add(1)
	go func() {
		work()
	}()
}

func (l *Limiter) Release() { l.held.Done() }

func (l *Limiter) Close() { l.held.Wait() }
