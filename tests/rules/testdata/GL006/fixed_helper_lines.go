package helperlines

import (
	"bufio"
	"strings"
)

// lines streams the lines of text until the end or until done is closed.
func lines(done <-chan struct{}, text string) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		sc := bufio.NewScanner(strings.NewReader(text))
		for sc.Scan() {
			select {
			case out <- sc.Text():
			case <-done:
				return
			}
		}
	}()
	return out
}

// FirstLong returns the first line longer than n.
func FirstLong(text string, n int) string {
	done := make(chan struct{})
	defer close(done)
	for l := range lines(done, text) {
		if len(l) > n {
			return l
		}
	}
	return ""
}
