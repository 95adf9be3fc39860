package neverclosed

import "fmt"

func Process(items []int) {
	jobs := make(chan int)
	defer close(jobs)
	go func() {
		for j := range jobs {
			fmt.Println(j)
		}
	}()
	for _, it := range items {
		jobs <- it
	}
}
