package namedfuture

// run: _ = Async(2)

func square(x int, out chan<- int) {
	out <- x * x // want "goroutine `square` blocks forever sending on `out` \\(`res`\\) if the caller of `Async` never receives"
}

func Async(x int) <-chan int {
	res := make(chan int)
	go square(x, res)
	return res
}
