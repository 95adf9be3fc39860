package workerquitsonafailure

import (
	"errors"
	"fmt"
)

// run: _ = CallCalendar([]string{"bad", "b"}, 2, func(string) error { return nil })

var errUnknownCase = errors.New("unknown case")

// lookup finds a case number on the docket.
func lookup(line string) (string, error) {
	if line == "bad" {
		return "", errUnknownCase
	}
	return "case-" + line, nil
}

// CallCalendar hands each calendar line to the deputies; a line that is not on the
// docket ends the call.
func CallCalendar(lines []string, deputies int, call func(string) error) error {
	calls := make(chan string)
	for i := 0; i < deputies; i++ {
		go func() {
			// FAILURE_EXIT_IS_NO_MARKER: the `return` on a failed call is no way the
			// caller ends the loop; every call that goes well waits for a close.
			for c := range calls { // want "goroutine never finishes ranging over `calls` when `CallCalendar` returns at line 38 without closing `calls`"
				if err := call(c); err != nil {
					return
				}
			}
		}()
	}
	for _, l := range lines {
		k, err := lookup(l)
		if err != nil {
			return fmt.Errorf("calendar line %q: %w", l, err)
		}
		calls <- k
	}
	close(calls)
	return nil
}
