package used

func leaky() {
	ch := make(chan int)
	go func() {
		<-ch //goleash:ignore GL003 the test harness sends on ch through reflection
	}()
}

func leaky2() {
	ch := make(chan int)
	go func() {
		//lint:ignore GL003 kept on purpose for the demo
		<-ch
	}()
}

//nolint:goleash // the whole function is a known, accepted leak
func leaky3() {
	ch := make(chan int)
	go func() {
		<-ch
	}()
}
