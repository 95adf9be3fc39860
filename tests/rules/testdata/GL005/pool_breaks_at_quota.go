package pressquota

import "context"

// run: _ = pressRows(context.Background(), []int{40, 40, 40, 40, 40}, 60, 2)

type basket struct {
	row int
	kg  int
}

func pick(ctx context.Context, row int) basket {
	return basket{row: row, kg: row}
}

// pressRows picks rows with a crew of pickers until the press has its quota.
func pressRows(ctx context.Context, rows []int, quota, crew int) int {
	queue := make(chan int, len(rows))
	for _, r := range rows {
		queue <- r
	}
	close(queue)

	baskets := make(chan basket)
	for i := 0; i < crew; i++ {
		go func() {
			for row := range queue {
				baskets <- pick(ctx, row) // want "goroutine is started once per loop iteration and blocks sending on `baskets` once the collecting loop at line 33 stops early at line 37"
			}
		}()
	}
	total := 0
	for range rows {
		b := <-baskets
		total += b.kg
		if total >= quota {
			break
		}
	}
	return total
}
