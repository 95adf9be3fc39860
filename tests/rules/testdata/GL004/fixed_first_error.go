package firsterror

import (
	"context"
	"errors"
	"sync"
)

func fetch(ctx context.Context, site string) error {
	return errors.New("unavailable: " + site)
}

// SyncAll reports the first failure; the others give up on the cancelled
// context instead of waiting for a reader.
func SyncAll(ctx context.Context, sites []string) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errc := make(chan error)
	var wg sync.WaitGroup
	for _, site := range sites {
		site := site
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := fetch(ctx, site); err != nil {
				select {
				case errc <- err:
				case <-ctx.Done():
				}
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

// SyncBuffered gives every site a slot: no sender ever waits.
func SyncBuffered(ctx context.Context, sites []string) error {
	errc := make(chan error, len(sites))
	var wg sync.WaitGroup
	for _, site := range sites {
		site := site
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := fetch(ctx, site); err != nil {
				errc <- err
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

// SyncDrained reads every error and keeps the first.
func SyncDrained(ctx context.Context, sites []string) error {
	errc := make(chan error)
	var wg sync.WaitGroup
	for _, site := range sites {
		site := site
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := fetch(ctx, site); err != nil {
				errc <- err
			}
		}()
	}
	go func() {
		wg.Wait()
		close(errc)
	}()
	var first error
	for err := range errc {
		if first == nil {
			first = err
		}
	}
	return first
}

// SyncAfterWait reads the errors only after every worker finished: the close
// comes after the Wait, and a send on a closed channel would panic, so by the
// time the range returns nobody is left sending.
func SyncAfterWait(ctx context.Context, sites []string) error {
	errc := make(chan error, len(sites))
	var wg sync.WaitGroup
	for _, site := range sites {
		site := site
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := fetch(ctx, site); err != nil {
				errc <- err
			}
		}()
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		return err
	}
	return nil
}
