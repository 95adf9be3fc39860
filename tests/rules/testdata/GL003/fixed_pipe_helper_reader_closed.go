package buildlog

import (
	"bufio"
	"errors"
	"io"
)

// run: _, _ = Follow([]string{"a\n", "b\n", "c\n"}, 1)

// ErrTooLong is returned once a log passes its line limit.
var ErrTooLong = errors.New("buildlog: too many lines")

func pump(chunks []string, w *io.PipeWriter) {
	for _, c := range chunks {
		if _, err := w.Write([]byte(c)); err != nil {
			return
		}
	}
	w.Close()
}

// collect keeps up to max lines of r.
func collect(r io.Reader, max int) ([]string, error) {
	sc := bufio.NewScanner(r)
	var lines []string
	for sc.Scan() {
		if len(lines) == max {
			return lines, ErrTooLong
		}
		lines = append(lines, sc.Text())
	}
	return lines, sc.Err()
}

// Follow copies the chunks of a build's log through a pipe and keeps its lines.
func Follow(chunks []string, max int) ([]string, error) {
	pr, pw := io.Pipe()
	defer pr.Close()
	go pump(chunks, pw)
	lines, err := collect(pr, max)
	if err != nil {
		return lines, err
	}
	return lines, nil
}
