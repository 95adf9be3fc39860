package fixedworkersquitalone

import (
	"context"
	"fmt"
	"sync"
)

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

	var first error
	for err := range errs {
		if err != nil && first == nil {
			first = fmt.Errorf("resize: %w", err)
		}
	}
	return first
}

// feed hands the images to the workers in order.
func (r *Resizer) feed(images []string, jobs chan<- string) {
	defer close(jobs)
	for _, img := range images {
		jobs <- img
	}
}

func (r *Resizer) work(ctx context.Context, jobs <-chan string, errs chan<- error) {
	for img := range jobs {
		if img == "" {
			return // a worker told to retire: the others go on consuming
		}
		errs <- r.resize(img)
	}
}
