package fixed_ordered_thumbs

import (
	"context"
	"fmt"
	"strings"
)

// run: _, _ = Render(context.Background(), []string{"a.png", "b.png", "c.png", "d.png"}, func(_ context.Context, name string) (string, error) { return "thumb:" + name, nil })

// RenderFunc makes the thumbnail of one image.
type RenderFunc func(ctx context.Context, name string) (string, error)

type thumb struct {
	name string
	data string
	err  error
}

// Render makes every thumbnail at once and returns them in the order of names,
// stopping at the first that fails or when ctx is done.
func Render(ctx context.Context, names []string, render RenderFunc) ([]string, error) {
	done := make([]chan thumb, len(names))
	for i, name := range names {
		done[i] = make(chan thumb, 1) // each renderer can finish, whoever still waits
		go func(i int, name string) {
			data, err := render(ctx, name)
			done[i] <- thumb{name: name, data: data, err: err}
		}(i, name)
	}
	out := make([]string, 0, len(names))
	for _, ch := range done {
		select {
		case t := <-ch:
			if t.err != nil {
				return nil, fmt.Errorf("thumbnail %s: %w", t.name, t.err)
			}
			out = append(out, t.data)
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if strings.HasSuffix(out[len(out)-1], "b.png") {
			return out, nil // the page shows two thumbnails
		}
	}
	return out, nil
}
