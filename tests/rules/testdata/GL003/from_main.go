package main

import "fmt"

func leaky(ch chan int) {
	fmt.Println(<-ch) // want "blocks forever receiving from `ch`: nothing ever sends"
}

// Goroutines started from main are usually meant to live as long as the process,
// but one blocked on a channel nobody can ever serve is dead code wherever it starts.
func main() {
	ch := make(chan int)
	for i := 0; i < 3; i++ {
		go leaky(ch)
	}
	return
}
