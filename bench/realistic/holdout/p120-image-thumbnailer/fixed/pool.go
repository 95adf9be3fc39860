package thumbnail

import (
	"context"
	"errors"
	"image"
	"sync"
)

// errPoolClosed is returned for work submitted after the pool was closed.
var errPoolClosed = errors.New("resize pool closed")

type resizeResult struct {
	img image.Image
	err error
}

type resizeJob struct {
	ctx  context.Context
	src  image.Image
	w, h int
	out  chan resizeResult // buffered, never blocks the worker
}

// pool runs CPU-heavy resizes on a fixed number of goroutines so that a
// burst of uploads cannot starve the rest of the process.
type pool struct {
	jobs chan resizeJob
	quit chan struct{}
	once sync.Once
	wg   sync.WaitGroup
}

func newPool(workers, queue int) *pool {
	p := &pool{
		jobs: make(chan resizeJob, queue),
		quit: make(chan struct{}),
	}
	p.wg.Add(workers)
	for i := 0; i < workers; i++ {
		go p.work()
	}
	return p
}

func (p *pool) work() {
	defer p.wg.Done()
	for {
		select {
		case <-p.quit:
			return
		case j := <-p.jobs:
			if err := j.ctx.Err(); err != nil {
				j.out <- resizeResult{err: err}
				continue
			}
			j.out <- resizeResult{img: resizeBox(j.src, j.w, j.h)}
		}
	}
}

// resize queues a job and waits for its result or ctx.
func (p *pool) resize(ctx context.Context, src image.Image, w, h int) (image.Image, error) {
	j := resizeJob{ctx: ctx, src: src, w: w, h: h, out: make(chan resizeResult, 1)}
	select {
	case p.jobs <- j:
	case <-p.quit:
		return nil, errPoolClosed
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	select {
	case r := <-j.out:
		return r.img, r.err
	case <-p.quit:
		return nil, errPoolClosed
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// close stops the workers and waits for them to exit.
func (p *pool) close() {
	p.once.Do(func() { close(p.quit) })
	p.wg.Wait()
}
