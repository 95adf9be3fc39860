package leak

import "fmt"

func leaky(ch chan int) {
	v := <-ch
	fmt.Println(v)
}

func Run() {
	ch := make(chan int)
	for i := 0; i < 3; i++ {
		go leaky(ch)
	}
}
