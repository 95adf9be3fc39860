package firsterrorinselect

import (
	"context"
	"errors"
	"sync"
	"time"
)

// run: _, _ = FetchAll(context.Background(), []string{"a", "b", "c"}, failing)

func failing(context.Context, string) ([]byte, error) {
	time.Sleep(time.Millisecond)
	return nil, errors.New("unreachable")
}

// FetchAll fetches every url concurrently and returns the first error.
func FetchAll(ctx context.Context, urls []string, get func(context.Context, string) ([]byte, error)) ([][]byte, error) {
	var wg sync.WaitGroup
	out := make([][]byte, len(urls))
	errs := make(chan error)
	for i, u := range urls {
		wg.Add(1)
		go func(i int, u string) {
			defer wg.Done()
			b, err := get(ctx, u)
			if err != nil {
				errs <- err // want "goroutine is started once per loop iteration and each blocks sending on `errs`, but `FetchAll` receives only once"
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
