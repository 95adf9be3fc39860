package fresh

import "context"

type sessionM2 struct{ timeoutFromContext bool }

// A child of a root context, its cancel dropped on purpose to detach the work from
// the caller's deadline: nothing registers it and no goroutine waits on its Done().
func (s *sessionM2) relayM2(ctx context.Context, run func(context.Context) error) error {
	if s.timeoutFromContext {
		ctx, _ = context.WithCancel(context.Background())
	}
	return run(ctx)
}
