package localhelperfixed

import (
	"bufio"
	"context"
	"io"
	"strings"
)

// Lines reads r in the background; its send also watches ctx.
func Lines(ctx context.Context, r io.Reader) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		emit := func(line string) bool {
			select {
			case out <- line:
				return true
			case <-ctx.Done():
				return false
			}
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
