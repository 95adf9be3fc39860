package blocksync

import (
	"context"
	"fmt"
	"sync"
)

// serve pulls heights from jobs and asks p for each one, retrying a few
// times before reporting the height as failed.
func (f *Fetcher) serve(ctx context.Context, p Peer, jobs <-chan uint64, out chan<- result) {
	for h := range jobs {
		var (
			b   Block
			err error
		)
		for i := 0; i < f.attempts; i++ {
			rctx, cancel := context.WithTimeout(ctx, f.reqTimeout)
			b, err = p.BlockAt(rctx, h)
			cancel()
			if err == nil && b.Height != h {
				err = fmt.Errorf("peer %s answered height %d for %d", p.ID(), b.Height, h)
			}
			if err == nil || ctx.Err() != nil {
				break
			}
		}
		if err != nil {
			err = fmt.Errorf("peer %s, height %d: %w", p.ID(), h, err)
		}
		select {
		case out <- result{height: h, block: b, err: err}:
		case <-ctx.Done():
			return
		}
	}
}

// closeWhenDone closes out once every worker counted in wg has returned, so
// that a reader ranging over out stops when the workers run dry.
func closeWhenDone(wg *sync.WaitGroup, out chan<- result) {
	go func() {
		wg.Wait()
		close(out)
	}()
}
