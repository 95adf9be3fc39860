package emptyselect

// run: Park(func() {})

// Park runs setup in the background, then keeps its goroutine waiting.
func Park(setup func()) {
	go func() {
		setup()
		select {} // want "goroutine blocks forever on an empty `select {}`"
	}()
}
