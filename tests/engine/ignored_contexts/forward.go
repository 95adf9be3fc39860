package keeper

import "context"

// pump forwards values until ctx ends; forward never reads the context it is given.
func pump(ctx context.Context, in <-chan int, out chan<- int) {
	go func() {
		select {
		case <-ctx.Done():
			return
		default:
		}
		forward(ctx, in, out)
	}()
}

func forward(ctx context.Context, in <-chan int, out chan<- int) {
	for {
		v, ok := <-in
		if !ok {
			return
		}
		out <- v
	}
}
