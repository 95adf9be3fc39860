package countedselect

type conn interface {
	Recv() error
	Send() error
	Close() error
}

// Exchange sends and receives at once and waits for both: two turns of a
// select over two channels that each get one value take both values.
func Exchange(c conn) error {
	recvErr := make(chan error)
	go func() {
		if err := c.Recv(); err != nil {
			recvErr <- err
		} else {
			recvErr <- nil
		}
	}()
	sendErr := make(chan error)
	go func() {
		sendErr <- c.Send()
	}()
	var cause error
	closed := false
	for i := 0; i < 2; i++ {
		var err error
		select {
		case err = <-recvErr:
		case err = <-sendErr:
		}
		if err != nil && cause == nil {
			cause = err
		}
		if err != nil && !closed {
			closed = true
			c.Close() // makes the other side fail fast
		}
	}
	return cause
}
