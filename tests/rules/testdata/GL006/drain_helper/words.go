package drainhelper

import "strings"

// words streams the words of text; the channel is closed at the end.
func words(text string) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		for _, w := range strings.Fields(text) {
			out <- w
		}
	}()
	return out
}
