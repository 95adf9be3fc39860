package helperlines

import (
	"bufio"
	"strings"
)

// run: _ = FirstLong("a\nbbbbbb\nc\nd\n", 3)

// lines streams the lines of text until the end.
func lines(text string) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		sc := bufio.NewScanner(strings.NewReader(text))
		for sc.Scan() {
			out <- sc.Text() // want "goroutine blocks forever sending on `out` \(`lines\(text\)`\) once `FirstLong` stops consuming"
		}
	}()
	return out
}

// FirstLong returns the first line longer than n.
func FirstLong(text string, n int) string {
	for l := range lines(text) {
		if len(l) > n {
			return l
		}
	}
	return ""
}
