package examplerun

import "fmt"

func compute() int { return 42 }

// Example_compute ends with an output comment: `go test` runs it, and the result
// nobody takes blocks its sender for good.
func Example_compute() {
	result := make(chan int)
	go func() {
		result <- compute() // want "goroutine blocks forever sending on `result`: nothing ever receives from `result`"
	}()
	fmt.Println("started")
	// Output: started
}
