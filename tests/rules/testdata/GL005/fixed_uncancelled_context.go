package cancelledontheway

import (
	"context"
	"errors"
	"fmt"
)

var errNegative = errors.New("negative reading")

func read(ctx context.Context, id int) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	return id, nil
}

// Total reads every meter at once and adds the readings up; it cancels the readers'
// context on every way out.
func Total(ctx context.Context, ids []int) (int, error) {
	rctx, cancel := context.WithCancel(ctx)
	defer cancel()
	readings := make(chan int)
	for _, id := range ids {
		go func(id int) {
			v, err := read(rctx, id)
			if err != nil {
				return
			}
			select {
			case readings <- v:
			case <-rctx.Done():
			}
		}(id)
	}
	sum := 0
	for range ids {
		v := <-readings
		if v < 0 {
			return 0, fmt.Errorf("meter: %w", errNegative)
		}
		sum += v
	}

	return sum, nil
}
