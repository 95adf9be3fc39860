package served

// Near misses: every goroutine's channel is served.

func handoff() int {
	ch := make(chan int)
	go func() { ch <- 42 }()
	return <-ch
}

func signal() {
	done := make(chan struct{})
	go func() {
		<-done
	}()
	close(done)
}

func escapes(register func(chan int)) {
	ch := make(chan int)
	go func() { <-ch }()
	register(ch) // someone we cannot see may send
}

func deferredClose(fail bool) error {
	stop := make(chan struct{})
	defer func() { close(stop) }()
	go func() { <-stop }()
	if fail {
		return nil
	}
	return nil
}

func withDefault() {
	ch := make(chan int)
	go func() {
		select {
		case <-ch:
		default:
		}
	}()
}
