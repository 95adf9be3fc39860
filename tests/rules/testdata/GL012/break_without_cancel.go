// The loop has a `break` that skips the cancel: it is left with the context alive.
package stream

import (
	"context"
	"errors"
	"io"
	"strings"
)

func ReadUntil(parent context.Context, r io.Reader, marker string) (string, error) {
	ctx, cancel := context.WithCancel(parent) // want "`cancel` from `context.WithCancel` is not called on every path"
	_ = ctx
	var b strings.Builder
	buf := make([]byte, 512)
	for {
		n, err := r.Read(buf)
		if err != nil && !errors.Is(err, io.EOF) {
			panic(err)
		}
		b.Write(buf[:n])
		if strings.Contains(b.String(), marker) {
			cancel()

			break
		}
		if n == 0 {
			break
		}
	}
	return b.String(), nil
}
