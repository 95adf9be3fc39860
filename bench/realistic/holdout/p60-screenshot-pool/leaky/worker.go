package shotpool

import (
	"context"
	"fmt"
	"time"
)

type job struct {
	index int
	url   string
}

// work renders jobs until they run out or the batch is cancelled. Each job
// writes only its own slot of shots.
func (p *Pool) work(ctx context.Context, jobs <-chan job, shots []Shot, fail func(error)) {
	for j := range jobs {
		if ctx.Err() != nil {
			return
		}
		shot, err := p.captureOne(ctx, j.url)
		if err != nil {
			fail(fmt.Errorf("shotpool: capture %s: %w", j.url, err))
			return
		}
		shots[j.index] = shot
	}
}

func (p *Pool) captureOne(ctx context.Context, url string) (Shot, error) {
	ctx, cancel := context.WithTimeout(ctx, p.jobTimeout)
	defer cancel()

	start := time.Now()
	png, err := p.renderer.Render(ctx, url, p.viewport)
	if err != nil {
		return Shot{}, err
	}
	if len(png) == 0 {
		return Shot{}, fmt.Errorf("empty image")
	}
	return Shot{URL: url, PNG: png, Taken: time.Since(start)}, nil
}
