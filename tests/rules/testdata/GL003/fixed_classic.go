package classic

import "fmt"

func leaky(ch chan int) {
	v := <-ch
	fmt.Println(v)
}

func Start() {
	ch := make(chan int)
	defer close(ch)
	for i := 0; i < 3; i++ {
		go leaky(ch)
	}
}
