package producererror

import (
	"errors"
	"strconv"
)

// run: go Parse([]string{"1", "x", "3"})

func Parse(fields []string) []int {
	nums := make(chan int)
	go func() {
		for _, f := range fields {
			n, err := strconv.Atoi(f)
			if err != nil {
				return
			}
			nums <- n
		}
		close(nums)
	}()
	var out []int
	for n := range nums { // want "`Parse` never finishes ranging over `nums` when the goroutine it started returns at line 16"
		out = append(out, n)
	}
	if len(out) == 0 {
		panic(errors.New("no numbers"))
	}
	return out
}
