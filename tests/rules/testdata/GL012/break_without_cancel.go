// The same loops with one `break` that skips the cancel: the loop is left with the
// context alive.
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

func Watch(parent context.Context, events <-chan string, errs <-chan error, apply func(context.Context) error) error {
	for {
		if err := apply(parent); err != nil {
			return err
		}
		ctx, cancel := context.WithCancel(parent) // want "`cancel` from `context.WithCancel` is not called on every path"
		go func() { _ = apply(ctx) }()
	wait:
		for {
			select {
			case e := <-events:
				if e == "" {
					break wait
				}
				cancel()
				break wait
			case err := <-errs:
				cancel()
				if err != nil {
					return err
				}
			}
		}
	}
}
