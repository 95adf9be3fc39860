package localhelper

import (
	"bufio"
	"context"
	"io"
	"strings"
)

// run: n := 0; for range Lines(context.Background(), strings.NewReader("a\nb\nc\n")) { break }; for i := 0; i < 50000000; i++ { n += i % 3 }; _ = n

// Lines reads r in the background; it checks ctx before each line, but its send
// does not watch ctx, so a reader that stops early strands it.
func Lines(ctx context.Context, r io.Reader) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		emit := func(line string) bool {
			if ctx.Err() != nil {
				return false
			}
			out <- line // want "goroutine blocks forever sending on `out` once the consumer stops reading"
			return true
		}
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			if !emit(strings.TrimSpace(sc.Text())) {
				return
			}
		}
	}()
	return out
}
