package fixedfirsterrorinselect

import (
	"context"
	"errors"
	"sync"
	"time"
)

func failing(context.Context, string) ([]byte, error) {
	time.Sleep(time.Millisecond)
	return nil, errors.New("unreachable")
}

// FetchAll fetches every url concurrently and returns the first error.
func FetchAll(ctx context.Context, urls []string, get func(context.Context, string) ([]byte, error)) ([][]byte, error) {
	var wg sync.WaitGroup
	out := make([][]byte, len(urls))
	errs := make(chan error, len(urls))
	for i, u := range urls {
		wg.Add(1)
		go func(i int, u string) {
			defer wg.Done()
			b, err := get(ctx, u)
			if err != nil {
				errs <- err
				return
			}
			out[i] = b
		}(i, u)
	}
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	select {
	case err := <-errs:
		return nil, err
	case <-done:
		return out, nil
	}
}
