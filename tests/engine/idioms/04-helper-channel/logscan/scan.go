package logscan

import (
	"bufio"
	"io"
)

// run: _, _ = FirstError(strings.NewReader("boot ok\nERROR disk full\nretrying\nERROR disk full\n"))

// lines streams r line by line; the channel is closed at the end of the input.
func lines(r io.Reader) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			out <- sc.Text() // want "blocks forever"
		}
	}()
	return out
}
