package uncancelled

import (
	"context"
	"errors"
	"fmt"
)

// serviceContext lives as long as the process.
var serviceContext = context.Background()

// run: _, _ = Total(serviceContext, []int{-1, -2, -3, -4})

var errNegative = errors.New("negative reading")

func read(ctx context.Context, id int) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	return id, nil
}

// Total reads every meter at once and adds the readings up; it cancels the readers'
// context when it is done with them, but not when a reading is refused.
func Total(ctx context.Context, ids []int) (int, error) {
	rctx, cancel := context.WithCancel(ctx) // want "`cancel` from `context.WithCancel` is not called on every path"
	readings := make(chan int)
	for _, id := range ids {
		go func(id int) {
			v, err := read(rctx, id)
			if err != nil {
				return
			}
			select { // want "goroutine is started once per loop iteration and blocks sending on `readings`.*nothing cancels `rctx`"
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
	cancel()
	return sum, nil
}
