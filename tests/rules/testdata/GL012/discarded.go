package discarded

import "context"

func Call(parent context.Context) error {
	ctx, _ := context.WithCancel(parent) // want "the cancel function of `context.WithCancel` is discarded"
	return ctx.Err()
}
