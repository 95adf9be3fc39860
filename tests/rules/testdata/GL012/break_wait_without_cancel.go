// The labelled wait loop has a `break` that skips the cancel: the next round of the
// outer loop, or its early return, leaves that round's context alive.
package stream

import "context"

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
