package fixed_id_allocator

import "fmt"

// run: _ = Reserve("order", 3)

// sequence yields start, start+1, ... until stop is called.
func sequence(start int) (ids <-chan int, stop func()) {
	out := make(chan int)
	done := make(chan struct{})
	go func() {
		for n := start; ; n++ {
			select {
			case out <- n:
			case <-done:
				return
			}
		}
	}()
	return out, func() { close(done) }
}

// Reserve returns count fresh identifiers with the given prefix.
func Reserve(prefix string, count int) []string {
	ids, stop := sequence(1000)
	defer stop() // the generator never ends by itself
	var out []string
	for id := range ids {
		out = append(out, fmt.Sprintf("%s-%d", prefix, id))
		if len(out) == count {
			break
		}
	}
	return out
}
