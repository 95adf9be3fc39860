package sizedfetch

import "context"

type node struct{ id string }

type option struct {
	n   *node
	err error
}

func get(ctx context.Context, id string) (*node, error) { return &node{id}, nil }

// GetMany answers every id, an error or a node, never both: one send per id,
// and the buffer has room for all of them, read or not.
func GetMany(ctx context.Context, ids []string) <-chan option {
	out := make(chan option, len(ids))
	go func() {
		defer close(out)
		for _, id := range ids {
			n, err := get(ctx, id)
			if err != nil {
				out <- option{err: err}
				continue
			}
			out <- option{n: n}
		}
	}()
	return out
}

// Heights reports at most `blocks` heights into a buffer of `blocks`.
func Heights(ctx context.Context, blocks int) <-chan int {
	heights := make(chan int, blocks)
	go func() {
		defer close(heights)
		for i := 0; i < blocks; i++ {
			h, err := get(ctx, "h")
			if err != nil {
				break
			}
			heights <- len(h.id)
		}
	}()
	return heights
}
