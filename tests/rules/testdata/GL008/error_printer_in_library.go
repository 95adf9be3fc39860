package batch

import (
	"fmt"
	"os"
)

// Check is called for every batch of the service: each call leaves one more printer ranging over a
// channel it never closes.
func Check(items []string, valid func(string) error) int {
	errs := make(chan error, len(items))
	go report(errs)
	bad := 0
	for _, it := range items {
		if err := valid(it); err != nil {
			errs <- err
			bad++
		}
	}
	return bad
}

func report(errs <-chan error) {
	for err := range errs { // want "goroutine `report` never finishes ranging over `errs`"
		fmt.Fprintln(os.Stderr, err)
	}
}
