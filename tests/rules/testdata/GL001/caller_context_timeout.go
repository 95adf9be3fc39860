package callertimeout

import (
	"context"
	"time"
)

// run: _, _ = Lookup(appContext, "slow", time.Millisecond)

// appContext lives as long as the process, as a server's base context does: nothing
// ever cancels it.
var appContext = context.Background()

func resolve(name string) string {
	if name == "slow" {
		time.Sleep(20 * time.Millisecond)
	}
	return name + ".example"
}

// Lookup resolves name, giving up after limit.
func Lookup(ctx context.Context, name string, limit time.Duration) (string, bool) {
	answer := make(chan string)
	go func() {
		a := resolve(name)
		select { // want "goroutine blocks forever sending on `answer` when `<-time.After\(limit\)` wins the select at line \d+: nobody receives from `answer` after that; it also waits on `ctx.Done\(\)`, but `ctx` is the caller's context, which `Lookup` does not cancel"
		case answer <- a:
		case <-ctx.Done():
		}
	}()
	select {
	case a := <-answer:
		return a, true
	case <-time.After(limit):
		return "", false
	}
}
