package fresh

import (
	"bufio"
	"context"
	"io"
	"strings"
)

// Every send on the buffer of one either returns next or is the goroutine's last
// statement: it sends once at most (FINAL_SEND_FITS_BUFFER, falling off the end).
func linesJ20(ctx context.Context, body io.Reader) (<-chan string, <-chan error) {
	lines := make(chan string, 4)
	failed := make(chan error, 1)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(body)
		for sc.Scan() {
			select {
			case <-ctx.Done():
				failed <- ctx.Err()
				return
			case lines <- strings.TrimSpace(sc.Text()):
			}
		}
		if err := sc.Err(); err != nil {
			failed <- err
		}
	}()
	return lines, failed
}
