package receiveloopleftfield

import (
	"bufio"
	"io"
	"strings"
)

// run: _ = Count(strings.NewReader("a\nb\n" + strings.Repeat("x\n", 200)))

type line struct {
	text string
	err  error
}

// readLines reads r ahead of its caller; the last value carries the error that ended it.
func readLines(r io.Reader) <-chan line {
	out := make(chan line)
	go func() {
		br := bufio.NewReader(r)
		for {
			text, err := br.ReadString('\n')
			if err != nil {
				out <- line{err: err}
				return
			}
			out <- line{text: strings.TrimSpace(text)} // want "goroutine blocks forever sending on `out` \\(`s.lines`\\) once `Count` stops consuming at line 48"
		}
	}()
	return out
}

type session struct {
	lines <-chan line
	count int
}

// Count counts the commands before QUIT, reading through a session.
func Count(r io.Reader) int {
	s := &session{lines: readLines(r)}
	for {
		ln := <-s.lines
		if ln.err != nil || ln.text == "QUIT" {
			return s.count
		}
		s.count++
		if s.count > 100 {
			return s.count
		}
	}
}
