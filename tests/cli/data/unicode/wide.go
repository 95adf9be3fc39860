package main

func leaky(ch chan int) {
	/* é😋 */ _ = <-ch
}

func main() {
	ch := make(chan int)
	go leaky(ch)
}
