package fixedfirstmatch

import "strings"

// FirstMatch reports whether want is among names, case-insensitively. The buffer
// holds every name: the normaliser finishes whenever the matcher stops.
func FirstMatch(names []string, want string) bool {
	found := make(chan string, len(names))
	go func() {
		defer close(found)
		for _, n := range names {
			found <- strings.ToLower(n)
		}
	}()
	for n := range found {
		if n == strings.ToLower(want) {
			return true
		}
	}
	return false
}

// Window keeps as many values as the loop below sends.
type Window struct{ Size int }

// Sum adds the first Size squares, giving up at the first above limit.
func (w Window) Sum(limit int) int {
	sq := make(chan int, w.Size)
	go func() {
		defer close(sq)
		for i := 0; i < w.Size; i++ {
			sq <- i * i
		}
	}()
	total := 0
	for v := range sq {
		if v > limit {
			return total
		}
		total += v
	}
	return total
}
