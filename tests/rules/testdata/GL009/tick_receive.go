package tickreceive

import (
	"context"
	"time"
)

// run: Heartbeat(context.Background(), func() {})

// Heartbeat calls beat on every tick, in the background.
func Heartbeat(ctx context.Context, beat func()) {
	go func() {
		t := time.NewTicker(time.Millisecond)
		for { // want "goroutine never returns: the `for` at line 14 has no return or break"
			<-t.C
			beat()
		}
	}()
}
