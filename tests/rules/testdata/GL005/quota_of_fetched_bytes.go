package mirrorquota

// run: _ = mirrorUntil([]string{"a", "bb", "ccc", "dddd"}, 3)

func fetch(u string) int { return len(u) }

// mirrorUntil fetches every URL at once and stops counting once enough bytes are in.
func mirrorUntil(urls []string, quota int) int {
	sizes := make(chan int)
	for _, u := range urls {
		go func(u string) {
			sizes <- fetch(u) // want "goroutine is started once per loop iteration and blocks sending on `sizes` once the collecting loop at line 16 stops early at line 19"
		}(u)
	}
	total := 0
	for range urls {
		total += <-sizes
		if total >= quota {
			break
		}
	}
	return total
}
