package producererror

import (
	"errors"
	"strconv"
)

func Parse(fields []string) []int {
	nums := make(chan int)
	go func() {
		defer close(nums)
		for _, f := range fields {
			n, err := strconv.Atoi(f)
			if err != nil {
				return
			}
			nums <- n
		}
	}()
	var out []int
	for n := range nums {
		out = append(out, n)
	}
	if len(out) == 0 {
		panic(errors.New("no numbers"))
	}
	return out
}
