package workersdrainselect

import (
	"context"
	"fmt"
	"sync"
)

// run: r := &Resizer{workers: 1, resize: func(img string) error { if img == "bad" { return fmt.Errorf("corrupt") }; return nil }}; _ = r.ResizeAll(context.Background(), []string{"a", "bad", "c", "d", "e", "f"})

// Resizer resizes images on a fixed number of workers.
type Resizer struct {
	workers int
	resize  func(img string) error
}

// ResizeAll resizes every image and stops at the first failure.
func (r *Resizer) ResizeAll(ctx context.Context, images []string) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	jobs := make(chan string)
	errs := make(chan error)
	go r.feed(images, jobs)

	var wg sync.WaitGroup
	for i := 0; i < r.workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.work(ctx, jobs, errs)
		}()
	}
	go func() {
		wg.Wait()
		close(errs)
	}()

	for err := range errs {
		if err != nil {
			return fmt.Errorf("resize: %w", err)
		}
	}
	return nil
}

// feed hands the images to the workers in order.
func (r *Resizer) feed(images []string, jobs chan<- string) {
	defer close(jobs)
	for _, img := range images {
		jobs <- img // want "goroutine `feed` blocks forever sending on `jobs` once the goroutine started at line 29 stops consuming at line 59"
	}
}

func (r *Resizer) work(ctx context.Context, jobs <-chan string, errs chan<- error) {
	for {
		select {
		case <-ctx.Done():
			return
		case img, ok := <-jobs:
			if !ok {
				return
			}
			select {
			case errs <- r.resize(img):
			case <-ctx.Done():
				return
			}
		}
	}
}
