package fresh

import "context"

// A stage whose buffer holds one value per key: the goroutine sends once per key and
// ends even when the consumer stops reading (SIZED_TO_ITS_RANGE).
func keysJ1(ctx context.Context, keys []string) <-chan string {
	out := make(chan string, len(keys))
	go func() {
		defer close(out)
		for _, k := range keys {
			out <- k
		}
	}()
	return out
}

// The same with an index loop bounded by the length.
func namesJ1(ctx context.Context, names []string) <-chan int {
	sizes := make(chan int, len(names))
	go func() {
		defer close(sizes)
		for i := 0; i < len(names); i++ {
			sizes <- len(names[i])
		}
	}()
	return sizes
}
