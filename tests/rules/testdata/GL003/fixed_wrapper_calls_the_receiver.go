package fixedwrappercallsthereceiver

// serve runs send in the background and then check.
func serve(send func(), check func()) {
	go send()
	check()
}

// Pair hands a value from one side to the other.
func Pair() int {
	done := make(chan int)
	got := 0
	serve(func() {
		done <- 1
	}, func() {
		got = <-done
	})
	return got
}
