package rangeafterwaitwithoutlencheck

import "sync"

// run: go Collect([]func() error{func() error { return nil }})

// Collect runs the jobs at once and panics on the first error. With no error the
// range waits for a value, or a close, that never comes.
func Collect(jobs []func() error) {
	errs := make(chan error, len(jobs))
	var wg sync.WaitGroup
	for _, job := range jobs {
		wg.Add(1)
		go func(job func() error) {
			defer wg.Done()
			if err := job(); err != nil {
				errs <- err
			}
		}(job)
	}
	wg.Wait()
	for err := range errs { // want "`Collect` never finishes ranging over `errs`: `errs` is sent on but never closed"
		panic(err)
	}
}
