package pool

import "strings"

// run: Run([]string{"a", "b"})

func worker(jobs <-chan string) {
	for j := range jobs { // want "goroutine `worker` never finishes ranging over `jobs`: `jobs` is sent on but never closed"
		_ = strings.ToUpper(j)
	}
}

func Run(inputs []string) {
	jobs := make(chan string, 2)
	for w := 0; w < 3; w++ {
		go worker(jobs)
	}
	for _, in := range inputs {
		jobs <- in
	}
}
