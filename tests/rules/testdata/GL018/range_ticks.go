package rangeticks

import (
	"context"
	"time"
)

// run: Refresh(context.Background(), func(time.Time) {})

// Refresh calls reload on every tick, in the background.
func Refresh(ctx context.Context, reload func(time.Time)) {
	go func() {
		t := time.NewTicker(time.Millisecond) // want "ticker `t` is never stopped"
		for now := range t.C {
			if now.IsZero() {
				continue
			}
			reload(now)
		}
	}()
}
