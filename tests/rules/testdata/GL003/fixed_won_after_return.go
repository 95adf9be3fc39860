package pipeworker

type Client struct {
	work chan int
}

func (c *Client) reader(stop <-chan struct{}) error {
	for {
		select {
		case <-c.work:
		case <-stop:
			return nil
		}
	}
}

func (c *Client) writer(stop <-chan struct{}) error {
	<-stop
	return nil
}

// WON_AFTER_RETURN: whichever of reader and writer finishes first, the other is
// stopped; the case that hears from one is reached only once it has returned.
func (c *Client) Serve() error {
	stopW := make(chan struct{})
	doneW := make(chan error)
	go func() { doneW <- c.writer(stopW) }()
	stopR := make(chan struct{})
	doneR := make(chan error)
	go func() { doneR <- c.reader(stopR) }()
	var err error
	select {
	case err = <-doneW:
		close(stopR)
		<-doneR
	case err = <-doneR:
		close(stopW)
		<-doneW
	}
	return err
}
