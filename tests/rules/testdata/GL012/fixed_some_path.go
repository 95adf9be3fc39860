package somepath

import (
	"context"
	"errors"
)

func prepare(ok bool) error {
	if !ok {
		return errors.New("not ready")
	}
	return nil
}

func Call(parent context.Context, ok bool) error {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	if err := prepare(ok); err != nil {
		return err
	}
	return ctx.Err()
}

// The cancel function is handed to the caller: their job.
func Derive(parent context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(parent)
	return ctx, cancel
}

// Called explicitly on every path.
func Explicit(parent context.Context, ok bool) error {
	ctx, cancel := context.WithCancel(parent)
	if !ok {
		cancel()
		return nil
	}
	err := ctx.Err()
	cancel()
	return err
}

// Assigned to named results and handed to the caller by the bare return.
func Base(parent context.Context) (ctx context.Context, cancel func()) {
	ctx, cancel = context.WithCancel(parent)
	ctx = context.WithValue(ctx, keyType{}, 1)
	return
}

type keyType struct{}
