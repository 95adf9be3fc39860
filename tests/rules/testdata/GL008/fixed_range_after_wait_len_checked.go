package fixedrangeafterwaitlenchecked

import "sync"

// Collect runs the jobs at once and panics on the first error. The range runs only
// when a value is there, and takes that one (ONE_KNOWN_VALUE).
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
	if len(errs) > 0 {
		for err := range errs {
			panic(err)
		}
	}
}
