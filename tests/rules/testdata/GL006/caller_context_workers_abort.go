package prefetch

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// run: _ = Prefetch(appContext, failing{}, []string{"a", "b", "c", "d"}, 2)

// appContext lives as long as the process, as a server's base context does: nothing
// cancels it.
var appContext = context.Background()

// Origin serves objects to keep warm.
type Origin interface {
	Get(ctx context.Context, key string) error
}

type failing struct{}

func (failing) Get(context.Context, string) error { return errors.New("origin down") }

// Prefetch warms keys with n workers; the first failure ends the prefetch.
func Prefetch(ctx context.Context, o Origin, keys []string, n int) error {
	todo := make(chan string)
	go func() {
		defer close(todo)
		for _, k := range keys {
			select { // want "blocks forever sending on `todo` once the goroutine started at line 43 stops consuming at line 50: it also waits on `ctx.Done\\(\\)`, but `ctx` is the caller's context"
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
