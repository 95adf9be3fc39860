package main

import "fmt"

func worker(ch chan int, done chan struct{}) {
	for v := range ch {
		fmt.Println(v)
	}
	close(done)
}

func main() {
	ch := make(chan int)
	done := make(chan struct{})
	go worker(ch, done)
	for i := 0; i < 3; i++ {
		ch <- i
	}
	close(ch)
	<-done
}
