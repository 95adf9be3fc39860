package examplenotrun

import "fmt"

func compute() int { return 42 }

// Example_compute has no output comment: `go test` compiles it and never runs it,
// so the result nobody takes is never sent.
func Example_compute() {
	result := make(chan int)
	go func() {
		result <- compute()
	}()
	fmt.Println("started")
}
