package prefetch

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// Origin serves objects to keep warm.
type Origin interface {
	Get(ctx context.Context, key string) error
}

type failing struct{}

func (failing) Get(context.Context, string) error { return errors.New("origin down") }

// Prefetch warms keys with n workers; the first failure ends the prefetch.
func Prefetch(ctx context.Context, o Origin, keys []string, n int) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	todo := make(chan string)
	go func() {
		defer close(todo)
		for _, k := range keys {
			select {
			case todo <- k:
			case <-ctx.Done():
				return
			}
		}
	}()
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failed error
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range todo {
				if err := o.Get(ctx, k); err != nil {
					mu.Lock()
					failed = fmt.Errorf("prefetch %s: %w", k, err)
					mu.Unlock()
					return
				}
			}
		}()
	}
	wg.Wait()
	return failed
}
