package neverclosed

import "fmt"

// run: Process([]int{1, 2, 3})

func Process(items []int) {
	jobs := make(chan int)
	go func() {
		for j := range jobs { // want "goroutine never finishes ranging over `jobs`: `jobs` is sent on but never closed"
			fmt.Println(j)
		}
	}()
	for _, it := range items {
		jobs <- it
	}
}
