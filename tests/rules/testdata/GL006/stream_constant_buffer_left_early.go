package firstmatch

import "strings"

// run: _ = FirstMatch([]string{"a", "b", "c", "d", "e", "f", "g", "h"}, "b")

// lookahead is how many names are normalised ahead of the matcher.
const lookahead = 4

// FirstMatch reports whether want is among names, case-insensitively.
func FirstMatch(names []string, want string) bool {
	found := make(chan string, lookahead)
	go func() {
		defer close(found)
		for _, n := range names {
			found <- strings.ToLower(n) // want "blocks forever sending on `found` once `FirstMatch` stops consuming at line 21"
		}
	}()
	for n := range found {
		if n == strings.ToLower(want) {
			return true
		}
	}
	return false
}
