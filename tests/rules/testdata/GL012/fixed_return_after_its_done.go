package fixedreturnafteritsdone

import "context"

// RunWithCleanup runs work until it finishes or the parent ends; on the parent's end it
// cleans up and reports why. The context that ended holds nothing: no cancel is owed.
func RunWithCleanup(parent context.Context, work func(context.Context) error, cleanup func()) error {
	ctx, cancel := context.WithCancel(parent)
	errc := make(chan error, 1)
	go func() {
		errc <- work(ctx)
	}()
	select {
	case err := <-errc:
		cancel()
		return err
	case <-ctx.Done():
		cleanup()
		return ctx.Err()
	}
}
