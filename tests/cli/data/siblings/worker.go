package main

import "fmt"

func worker(ch chan int) {
	fmt.Println(<-ch)
}
