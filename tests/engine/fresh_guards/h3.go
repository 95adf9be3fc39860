package fp3

import (
	"context"
	"sync"
)

type Pool struct {
	ctx    context.Context
	cancel context.CancelFunc
	work   chan func()
}

func NewPool(n int) *Pool {
	ctx, cancel := context.WithCancel(context.Background())
	p := &Pool{ctx: ctx, cancel: cancel, work: make(chan func(), n)}
	for i := 0; i < n; i++ {
		go func() {
			for {
				select {
				case <-p.ctx.Done():
					return
				case w := <-p.work:
					w()
				}
			}
		}()
	}
	return p
}

func (p *Pool) Go(ctx context.Context, w func()) error {
	select {
	case p.work <- w:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (p *Pool) Close() { p.cancel() }

// runAll submits closures that call wg.Done; ctx is Background, so Go never fails
// and every submitted closure runs before Close.
func runAll(n int) {
	p := NewPool(4)
	defer p.Close()
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		if err := p.Go(context.Background(), func() { wg.Done() }); err != nil {
			panic(err)
		}
	}
	wg.Wait()
}
