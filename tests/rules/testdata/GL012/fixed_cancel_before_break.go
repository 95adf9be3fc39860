// Endless loops left only by a `break` that follows the cancel: whoever gets past
// the loop has cancelled (RELEASED_ON_THE_WAY_OUT). In Watch the labelled inner loop
// is left only by `break wait` after the cancel, so the next round of the outer
// loop, and its early return, find the previous context cancelled.
package stream

import (
	"context"
	"errors"
	"io"
	"strings"
)

func ReadUntil(parent context.Context, r io.Reader, marker string) (string, error) {
	ctx, cancel := context.WithCancel(parent)
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
	}
	return b.String(), nil
}

func Watch(parent context.Context, events <-chan string, errs <-chan error, apply func(context.Context) error) error {
	for {
		if err := apply(parent); err != nil {
			return err
		}
		ctx, cancel := context.WithCancel(parent)
		go func() { _ = apply(ctx) }()
	wait:
		for {
			select {
			case e := <-events:
				if e == "" {
					continue wait
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
