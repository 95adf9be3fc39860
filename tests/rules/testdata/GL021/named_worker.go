package namedworker

import (
	"strings"
	"sync"
)

// run: go Upper([]string{"a", "b"})

func upper(s string, out chan<- string, wg *sync.WaitGroup) {
	out <- strings.ToUpper(s) // want "goroutine `upper` blocks forever sending on `out`: `Upper` waits for it with `wg.Wait\\(\\)`"
	wg.Done()
}

func Upper(words []string) []string {
	out := make(chan string)
	var wg sync.WaitGroup
	for _, w := range words {
		wg.Add(1)
		go upper(w, out, &wg)
	}
	wg.Wait()
	res := make([]string, 0, len(words))
	for range words {
		res = append(res, <-out)
	}
	return res
}
