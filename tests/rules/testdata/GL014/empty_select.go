package emptyselect

// run: Park()

func Park() {
	go func() {
		select {} // want "goroutine blocks forever on an empty `select {}`"
	}()
}
