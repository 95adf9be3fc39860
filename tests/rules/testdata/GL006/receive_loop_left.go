package receiveloopleft

import (
	"bufio"
	"errors"
	"io"
	"strings"
)

// run: _ = Serve(strings.NewReader("HELO a\nQUIT\nNOOP\nNOOP\n"))

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
			out <- line{text: strings.TrimSpace(text)} // want "goroutine blocks forever sending on `out` \\(`lines`\\) once `Serve` stops consuming at line 58"
		}
	}()
	return out
}

var errQuit = errors.New("quit")

func handle(cmd string) error {
	if cmd == "QUIT" {
		return errQuit
	}
	return nil
}

// Serve runs commands until the input ends or the client quits.
func Serve(r io.Reader) error {
	lines := readLines(r)
	for {
		ln := <-lines
		if ln.err != nil {
			if errors.Is(ln.err, io.EOF) {
				return nil
			}
			return ln.err
		}
		if err := handle(ln.text); err != nil {
			if errors.Is(err, errQuit) {
				return nil
			}
			return err
		}
	}
}
