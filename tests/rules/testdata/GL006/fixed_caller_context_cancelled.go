package callerstreamfixed

import (
	"bufio"
	"context"
	"errors"
	"strings"
)

var errBad = errors.New("bad record")

// records streams the lines of text; the error channel gets the scanner's error once
// the stream is closed.
func records(ctx context.Context, text string) (<-chan string, <-chan error) {
	out := make(chan string)
	errc := make(chan error, 1)
	go func() {
		defer close(out)
		sc := bufio.NewScanner(strings.NewReader(text))
		for sc.Scan() {
			select {
			case out <- sc.Text():
			case <-ctx.Done():
				errc <- ctx.Err()
				return
			}
		}
		errc <- sc.Err()
	}()
	return out, errc
}

// CountUntilBad counts the records before the first bad one.
func CountUntilBad(ctx context.Context, text string) (int, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	n := 0
	lines, errc := records(ctx, text)
	for l := range lines {
		if l == "BAD" {
			return n, errBad
		}
		n++
	}
	return n, <-errc
}
