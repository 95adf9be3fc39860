package fanout

import (
	"context"
	"errors"
)

// run: _ = ResizeAll(context.Background(), []string{"a.png", "b.png", "c.png"})

func resize(ctx context.Context, name string) error {
	return errors.New("corrupt: " + name)
}

// ResizeAll resizes every image and stops at the first failure.
func ResizeAll(ctx context.Context, names []string) error {
	g := newGroup(ctx)
	for _, name := range names {
		name := name
		g.Go(func(ctx context.Context) error { return resize(ctx, name) })
	}
	if err := g.Wait(); err != nil {
		return err
	}
	return nil
}
