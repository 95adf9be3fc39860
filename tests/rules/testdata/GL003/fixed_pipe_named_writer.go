package fixedpipenamedwriter

import (
	"bufio"
	"errors"
	"io"
	"strings"
)

// run: _ = Merge(&strings.Builder{}, []string{"a\n", "bad\n", "c\n", strings.Repeat("d\n", 100)})

var errBadLine = errors.New("bad line")

// Merge copies the lines of every part to out, in order, stopping at a bad line.
func Merge(out *strings.Builder, parts []string) error {
	pr, pw := io.Pipe()
	defer pr.Close()
	go stream(pw, parts)

	err := copyLines(out, pr)
	if err == nil {
		out.WriteString("\n")
	}
	if err != nil {
		return err
	}
	return nil
}

// stream writes every part into pw, then closes it.
func stream(pw *io.PipeWriter, parts []string) {
	for _, p := range parts {
		if _, err := io.WriteString(pw, p); err != nil {
			pw.CloseWithError(err)
			return
		}
	}
	pw.Close()
}

func copyLines(out *strings.Builder, r io.Reader) error {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		if sc.Text() == "bad" {
			return errBadLine
		}
		out.WriteString(sc.Text())
	}
	return sc.Err()
}
