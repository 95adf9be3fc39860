package peros

// Start hands the channel to a worker written once per operating system.
func Start() {
	ch := make(chan int)
	go worker(ch)
}
