package convert

import (
	"errors"
	"sync"
)

// convert reports on out; it signals the group only when given one, and every caller
// here gives it one.
func convert(path string, out chan error, wg *sync.WaitGroup) {
	if wg != nil {
		defer wg.Done()
	}
	if path == "" {
		out <- errors.New("empty path")
		return
	}
	out <- nil
}

// ConvertAll converts the files one at a time.
func ConvertAll(paths []string) []error {
	out := make(chan error, 1)
	var errs []error
	for _, p := range paths {
		var wg sync.WaitGroup
		wg.Add(1)
		go convert(p, out, &wg)
		wg.Wait()
		errs = append(errs, <-out)
	}
	return errs
}
