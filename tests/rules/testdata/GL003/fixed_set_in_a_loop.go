package setinaloop

// Watch asks for the peer again whenever the address changes; the channel is kept
// across turns of the loop, and read in a later one (pion's stun-traversal).
func Watch(addrs <-chan string, stop <-chan struct{}) {
	var peers <-chan string
	last := ""
	for {
		select {
		case a := <-addrs:
			if a != last {
				last = a
				peers = ask(a)
			}
		case p := <-peers:
			_ = p
		case <-stop:
			return
		}
	}
}

func ask(a string) <-chan string {
	out := make(chan string)
	go func() {
		out <- a
	}()
	return out
}
