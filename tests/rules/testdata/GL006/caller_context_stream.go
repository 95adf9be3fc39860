package callerstream

import (
	"bufio"
	"context"
	"errors"
	"strings"
)

// run: _, _ = CountUntilBad(appContext, "a\nBAD\nc\nd\n")

// appContext lives as long as the process, as a server's base context does: nothing
// ever cancels it.
var appContext = context.Background()

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
			select { // want "goroutine blocks forever sending on `out` \(`lines`\) once `CountUntilBad` stops consuming at line \d+: it also waits on `ctx.Done\(\)`, but `ctx` is the caller's context"
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
