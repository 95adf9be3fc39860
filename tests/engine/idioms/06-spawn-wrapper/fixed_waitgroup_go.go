//go:build go1.25

package fixed_waitgroup_go

import (
	"context"
	"sync"
)

// run: ctx, cancel := context.WithCancel(context.Background()); cancel(); _ = Thumbnails(ctx, []string{"a.png", "b.png"})

func render(name string) []byte { return []byte("thumb:" + name) }

// Thumbnails renders every image with sync.WaitGroup.Go and collects them in order of arrival.
func Thumbnails(ctx context.Context, names []string) [][]byte {
	var wg sync.WaitGroup
	thumbs := make(chan []byte)
	for _, n := range names {
		wg.Go(func() {
			select {
			case thumbs <- render(n):
			case <-ctx.Done(): // the collector stopped reading
			}
		})
	}
	var out [][]byte
	for range names {
		select {
		case t := <-thumbs:
			out = append(out, t)
		case <-ctx.Done():
			return out
		}
	}
	wg.Wait()
	return out
}
