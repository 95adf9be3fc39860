package monitor

import (
	"bufio"
	"io"
)

// readLines sends every line of r, then closes lines.
func readLines(r io.Reader, lines chan<- string) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		lines <- sc.Text()
	}
	close(lines)
}

// Watch hands every line to handle; it leaves only once readLines has closed the
// channel, so the reader has nothing left to send.
func Watch(r io.Reader, handle func(string)) {
	lines := make(chan string)
	go readLines(r, lines)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				return
			}
			handle(l)
		}
	}
}

// Count does the same without a select.
func Count(r io.Reader) int {
	lines := make(chan string)
	go readLines(r, lines)
	n := 0
	for {
		l, ok := <-lines
		if !ok {
			return n
		}
		n += len(l)
	}
}
