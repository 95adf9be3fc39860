package fixedreceiveloopleft

import (
	"bufio"
	"errors"
	"io"
	"strings"
)

// run: _ = Serve(strings.NewReader("HELO a\nQUIT\nNOOP\nNOOP\n")); _ = Lines(strings.NewReader("a\nb\n"))

type line struct {
	text string
	err  error
}

// readLines reads r ahead of its caller until done is closed; the last value carries the
// error that ended it.
func readLines(done <-chan struct{}, r io.Reader) <-chan line {
	out := make(chan line)
	go func() {
		br := bufio.NewReader(r)
		for {
			text, err := br.ReadString('\n')
			ln := line{text: strings.TrimSpace(text), err: err}
			select {
			case out <- ln:
			case <-done:
				return
			}
			if err != nil {
				return
			}
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
	done := make(chan struct{})
	defer close(done)
	lines := readLines(done, r)
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

// Lines counts the lines of r: it reads until the producer's final value.
func Lines(r io.Reader) int {
	lines := readLines(nil, r)
	n := 0
	for {
		ln := <-lines
		if ln.err != nil {
			return n
		}
		n++
	}
}
