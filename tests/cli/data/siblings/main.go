package main

func main() {
	ch := make(chan int)
	go worker(ch)
}
