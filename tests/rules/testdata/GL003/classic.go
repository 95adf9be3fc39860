package classic

import "fmt"

// run: Start()

func leaky(ch chan int) {
	v := <-ch // want "goroutine `leaky` blocks forever receiving from `ch`: nothing ever sends on or closes `ch`"
	fmt.Println(v)
}

func Start() {
	ch := make(chan int)
	for i := 0; i < 3; i++ {
		go leaky(ch)
	}
}
