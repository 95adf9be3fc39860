package rootwaited

import "context"

// run: Detached(func() {})

// A child of the background context whose cancel is dropped: nothing can close its
// Done(), and this function's goroutine waits on it.
func Detached(work func()) {
	ctx, _ := context.WithCancel(context.Background()) // want "nothing can ever close the context's `Done\(\)`, which this function waits on"
	go func() {
		<-ctx.Done()
		work()
	}()
}
