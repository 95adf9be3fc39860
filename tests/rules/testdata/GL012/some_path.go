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
	ctx, cancel := context.WithCancel(parent) // want "`cancel` from `context.WithCancel` is not called on every path: the return at line 18 leaves the context alive"
	if err := prepare(ok); err != nil {
		return err
	}
	defer cancel()
	return ctx.Err()
}
