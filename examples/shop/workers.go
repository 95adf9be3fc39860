// Package shop is a small, deliberately leaky service used to show what goleash finds.
package shop

import "fmt"

func leaky(ch chan int) {
	v := <-ch
	fmt.Println("got", v)
}

// StartWorkers starts three receivers and returns without ever sending or closing.
func StartWorkers() {
	ch := make(chan int)
	for i := 0; i < 3; i++ {
		go leaky(ch)
	}
}
