package discarded

import (
	"context"
	"time"
)

func Call(parent context.Context) error {
	ctx, _ := context.WithTimeout(parent, time.Second) // want "the cancel function of `context.WithTimeout` is discarded"
	return ctx.Err()
}
