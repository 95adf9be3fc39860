package refusedonatestedfailure

import (
	"errors"
	"sync"
	"time"
)

// run: b := NewBaler(); _ = b.Submit(-1); _ = b.Submit(4); done := make(chan struct{}); go func() { b.Drain(); close(done) }(); select { case <-done: case <-time.After(100 * time.Millisecond): }; b.Stop()

// Baler presses bales of the weights it is given.
type Baler struct {
	pending sync.WaitGroup
	queue   chan int
	quit    chan struct{}
	opened  time.Time
}

func NewBaler() *Baler {
	b := &Baler{queue: make(chan int, 8), quit: make(chan struct{}), opened: time.Now()}
	go b.work()
	return b
}

func validate(kg int) error {
	if kg <= 0 {
		return errors.New("no weight")
	}
	return nil
}

// Submit queues a bale; a bad weight is refused.
func (b *Baler) Submit(kg int) error {
	b.pending.Add(1)
	if err := validate(kg); err != nil {
		return err
	}
	b.queue <- kg
	return nil
}

func (b *Baler) work() {
	for {
		select {
		case <-b.queue:
			b.pending.Done()
		case <-b.quit:
			return
		}
	}
}

func (b *Baler) Stop() { close(b.quit) }

// Drain waits for every bale submitted.
func (b *Baler) Drain() {
	b.pending.Wait() // want "`b\\.pending\\.Wait\\(\\)` never returns once `Submit` has refused work"
}
