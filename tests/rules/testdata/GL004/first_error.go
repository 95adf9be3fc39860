package firsterror

import (
	"context"
	"errors"
	"sync"
)

// run: _ = SyncAll(context.Background(), []string{"a", "b", "c"})

func fetch(ctx context.Context, site string) error {
	return errors.New("unavailable: " + site)
}

// SyncAll reports the first failure: every site failing after it is left
// sending on errc, which nobody reads any more.
func SyncAll(ctx context.Context, sites []string) error {
	errc := make(chan error)
	var wg sync.WaitGroup
	for _, site := range sites {
		site := site
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := fetch(ctx, site); err != nil {
				errc <- err // want "goroutine is started once per loop iteration and each blocks sending on `errc`, but `SyncAll` receives only once"
			}
		}()
	}
	go func() {
		wg.Wait()
		close(errc)
	}()
	if err, ok := <-errc; ok {
		return err
	}
	return nil
}
