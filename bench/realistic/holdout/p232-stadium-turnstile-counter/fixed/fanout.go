package turnstile

import (
	"context"
	"sync"
)

type gateResult struct {
	gate    Gate
	reading Reading
	err     error
}

// fanout reads a fixed number of gates concurrently and delivers the
// results on a channel that is closed when every read has returned.
type fanout struct {
	wg  sync.WaitGroup
	out chan gateResult
}

func newFanout(gates int) *fanout {
	f := &fanout{out: make(chan gateResult, gates)}
	f.wg.Add(gates)
	return f
}

func (f *fanout) launch(ctx context.Context, g Gate, r Reader) {
	go func() {
		defer f.wg.Done()
		reading, err := r.Read(ctx, g.ID)
		f.out <- gateResult{gate: g, reading: reading, err: err}
	}()
}

func (f *fanout) closeWhenDone() {
	go func() {
		f.wg.Wait()
		close(f.out)
	}()
}

func (f *fanout) results() <-chan gateResult { return f.out }
