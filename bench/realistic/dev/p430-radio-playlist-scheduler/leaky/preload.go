package playout

import (
	"context"
	"sync"
)

// Preloader fetches queued tracks from one audio source in the background
// and keeps up to depth of them decoded in memory.
type Preloader struct {
	src     AudioSource
	depth   int
	onError func(Track, error)

	ctx    context.Context
	cancel context.CancelFunc

	mu     sync.Mutex
	cond   *sync.Cond
	queue  []Track
	ready  []Loaded
	closed bool
}

// newPreloader starts a preloader reading from src. onError, if not nil, is
// called for every track that could not be loaded; such tracks are skipped.
func newPreloader(src AudioSource, depth int, onError func(Track, error)) *Preloader {
	if depth < 1 {
		depth = 1
	}
	ctx, cancel := context.WithCancel(context.Background())
	p := &Preloader{
		src:     src,
		depth:   depth,
		onError: onError,
		ctx:     ctx,
		cancel:  cancel,
	}
	p.cond = sync.NewCond(&p.mu)
	go p.run()
	return p
}

// Enqueue appends tracks to the preload queue.
func (p *Preloader) Enqueue(tracks ...Track) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return
	}
	p.queue = append(p.queue, tracks...)
	p.cond.Broadcast()
}

// Next hands out the oldest preloaded track, if there is one.
func (p *Preloader) Next() (Loaded, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.ready) == 0 {
		return Loaded{}, false
	}
	l := p.ready[0]
	p.ready[0] = Loaded{}
	p.ready = p.ready[1:]
	p.cond.Broadcast()
	return l, true
}

// Buffered reports how many tracks are loaded and waiting to be aired.
func (p *Preloader) Buffered() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.ready)
}

// Close stops preloading and aborts any load in progress. Tracks that are
// already buffered can still be taken with Next. Close does not wait for
// the background goroutine.
func (p *Preloader) Close() {
	p.cancel()
	p.mu.Lock()
	p.closed = true
	p.cond.Broadcast()
	p.mu.Unlock()
}

func (p *Preloader) run() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for {
		// Never run further ahead of the on-air position than depth.
		for len(p.ready) >= p.depth {
			p.cond.Wait() // leak: backpressure wait does not check closed
		}
		for len(p.queue) == 0 && !p.closed {
			p.cond.Wait()
		}
		if p.closed {
			return
		}
		t := p.queue[0]
		p.queue = p.queue[1:]

		p.mu.Unlock()
		audio, err := p.src.Load(p.ctx, t)
		p.mu.Lock()

		if p.closed {
			return
		}
		if err != nil {
			if p.onError != nil {
				p.mu.Unlock()
				p.onError(t, err)
				p.mu.Lock()
			}
			continue
		}
		p.ready = append(p.ready, Loaded{Track: t, Audio: audio, Source: p.src.Name()})
	}
}
