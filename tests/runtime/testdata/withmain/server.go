package withmain

// Serve answers one request; the caller that gives up leaves the sender stuck.
func Serve(giveUp bool) int {
	reply := make(chan int)
	go func() {
		reply <- 42
	}()
	if giveUp {
		return 0
	}
	return <-reply
}
