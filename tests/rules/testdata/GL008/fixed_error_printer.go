package main

import (
	"errors"
	"fmt"
	"os"
	"time"
)

func check(i int) error {
	if i%7 == 0 {
		return errors.New("slot unreachable")
	}
	return nil
}

// The error printer consumes for as long as the process runs: nothing needs it to
// finish (PROCESS_LONG_CONSUMER).
func main() {
	errs := make(chan error, 1)
	go printErrors(errs)
	runChecks(errs, 10*time.Millisecond)
}

func runChecks(errs chan<- error, delay time.Duration) {
	for i := 0; ; i++ {
		if err := check(i); err != nil {
			errs <- err
		}
		time.Sleep(delay)
	}
}

func printErrors(errs <-chan error) {
	for err := range errs {
		fmt.Fprintln(os.Stderr, err)
	}
}
