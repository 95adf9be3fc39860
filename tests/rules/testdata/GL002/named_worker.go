package named

import "os"

// run: _, _ = Size("/nonexistent")

func count(out chan int) {
	out <- 42 // want "goroutine `count` blocks forever sending on `out` \\(`n`\\) when `Size` returns at line 15"
}

func Size(path string) (int, error) {
	n := make(chan int)
	go count(n)
	if _, err := os.Stat(path); err != nil {
		return 0, err
	}
	return <-n, nil
}
