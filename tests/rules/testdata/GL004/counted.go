package counted

// run: _ = Any(4)

func probe(i int, out chan<- int) {
	out <- i * i // want "goroutine `probe` is started once per loop iteration and each blocks sending on `out` \\(`found`\\), but `Any` receives only once"
}

func Any(n int) int {
	found := make(chan int)
	for i := 0; i < n; i++ {
		go probe(i, found)
	}
	return <-found
}
