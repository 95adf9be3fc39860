package madeunderaflag

// Count starts the delivery handler only when deliveries are wanted, and receives
// its count under the same test: the channel exists exactly when it is read
// (NEVER_BORN; confluent-kafka-go's integration test).
func Count(events []int, withReports bool) int {
	var done chan int
	if withReports {
		done = make(chan int)
		go report(events, done)
	}
	n := len(events)
	if withReports {
		n = <-done
	}
	return n
}

func report(events []int, done chan int) {
	done <- len(events)
	close(done)
}
