package fixedworkerquitsonafailure

import (
	"errors"
	"fmt"
)

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
	defer close(calls)
	for i := 0; i < deputies; i++ {
		go func() {
			for c := range calls {
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
	return nil
}
