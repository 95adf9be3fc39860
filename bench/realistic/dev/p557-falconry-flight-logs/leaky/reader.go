package flightlog

import (
	"bufio"
	"context"
	"io"
	"strings"
)

// record is one line of a log after parsing. Exactly one of fix or err is set.
type record struct {
	line int
	fix  Fix
	err  error
}

// streamFixes parses r line by line in the background and delivers records in
// file order. The returned channel is closed once r is exhausted.
func streamFixes(ctx context.Context, r io.Reader) <-chan record {
	out := make(chan record)

	go func() {
		defer close(out)

		emit := func(rec record) bool {
			if ctx.Err() != nil {
				return false
			}
			out <- rec // leak: nobody receives after Summarize returns early
			return true
		}

		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 0, 4096), 64*1024)
		n := 0
		for sc.Scan() {
			n++
			line := strings.TrimSpace(sc.Text())
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			fx, err := ParseFix(line)
			if !emit(record{line: n, fix: fx, err: err}) {
				return
			}
		}
		if err := sc.Err(); err != nil {
			emit(record{line: n, err: err})
		}
	}()

	return out
}
