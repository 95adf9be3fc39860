package rootdetached

import "context"

// A child of the background context, its cancel dropped to detach the work from the
// caller's deadline: it registers with no parent, and nothing here waits on its Done().
func Detached(ctx context.Context, detach bool, run func(context.Context) error) error {
	if detach {
		ctx, _ = context.WithCancel(context.Background())
	}
	return run(ctx)
}
