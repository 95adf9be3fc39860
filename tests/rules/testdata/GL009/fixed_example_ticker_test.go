package tickexample

import (
	"fmt"
	"time"
)

// EXAMPLES_ARE_DOCS: an example shows a ticker driving a loop the way a program
// would, for its whole life; go test runs it once to compare its output.
func ExampleTicker_counting() {
	ticker := time.NewTicker(time.Millisecond)
	counts := make(chan int)
	go func() {
		n := 0
		for {
			<-ticker.C
			n++
			counts <- n
		}
	}()
	fmt.Println(<-counts)
	// Output: 1
}
