package breakout

// run: _ = Find([]int{7, 7, 7}, 7)

func square(x int) int { return x * x }

func Find(xs []int, want int) bool {
	results := make(chan int)
	for _, x := range xs {
		go func(x int) { results <- square(x) }(x) // want "blocks sending on `results` once the collecting loop at line 13 stops early at line 16"
	}
	found := false
	for i := 0; i < len(xs); i++ {
		if <-results == want*want {
			found = true
			break
		}
	}
	return found
}
