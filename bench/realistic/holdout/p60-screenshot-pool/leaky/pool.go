// Package shotpool captures screenshots of many pages with a fixed number of
// browser tabs, giving each page its own deadline.
package shotpool

import (
	"context"
	"errors"
	"sync"
	"time"
)

// Viewport is the browser window size used for captures.
type Viewport struct {
	Width, Height int
	Scale         float64
}

// Renderer loads a page in a browser tab and returns a PNG of it.
type Renderer interface {
	Render(ctx context.Context, url string, vp Viewport) ([]byte, error)
}

// Shot is one captured page.
type Shot struct {
	URL   string
	PNG   []byte
	Taken time.Duration
}

// Pool runs captures on a bounded number of tabs.
type Pool struct {
	renderer   Renderer
	tabs       int
	jobTimeout time.Duration
	viewport   Viewport
}

// Option configures a Pool.
type Option func(*Pool)

// WithTabs sets how many pages are rendered at once.
func WithTabs(n int) Option { return func(p *Pool) { p.tabs = n } }

// WithJobTimeout bounds the time one page may take to load and capture.
func WithJobTimeout(d time.Duration) Option { return func(p *Pool) { p.jobTimeout = d } }

// WithViewport sets the window size.
func WithViewport(vp Viewport) Option { return func(p *Pool) { p.viewport = vp } }

// New returns a pool that renders with r.
func New(r Renderer, opts ...Option) (*Pool, error) {
	p := &Pool{
		renderer:   r,
		tabs:       4,
		jobTimeout: 30 * time.Second,
		viewport:   Viewport{Width: 1280, Height: 800, Scale: 1},
	}
	for _, o := range opts {
		o(p)
	}
	if p.tabs < 1 {
		return nil, errors.New("shotpool: need at least one tab")
	}
	return p, nil
}

// CaptureAll screenshots every URL and returns the shots in input order. It
// stops at the first page that fails or times out and returns that error.
func (p *Pool) CaptureAll(ctx context.Context, urls []string) ([]Shot, error) {
	if len(urls) == 0 {
		return nil, nil
	}
	jobs := feed(ctx, urls)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	var (
		wg       sync.WaitGroup
		once     sync.Once
		firstErr error
		shots    = make([]Shot, len(urls))
	)
	fail := func(err error) {
		once.Do(func() {
			firstErr = err
			cancel()
		})
	}
	for i := 0; i < p.tabs; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.work(ctx, jobs, shots, fail)
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	return shots, nil
}
