package id_allocator

import "fmt"

// run: _ = Reserve("order", 3)

// sequence yields start, start+1, ... for as long as someone reads.
func sequence(start int) <-chan int {
	ids := make(chan int)
	go func() {
		for n := start; ; n++ {
			ids <- n // want "blocks forever"
		}
	}()
	return ids
}

// Reserve returns count fresh identifiers with the given prefix.
func Reserve(prefix string, count int) []string {
	var out []string
	for id := range sequence(1000) {
		out = append(out, fmt.Sprintf("%s-%d", prefix, id))
		if len(out) == count {
			break
		}
	}
	return out
}
