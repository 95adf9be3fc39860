package pipeworkerleak

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
	<-stop // want "blocks forever receiving from `stop` \\(`stopW`\\): nothing ever sends on or closes `stopW`"
	return nil
}

// When the reader finishes first, Serve returns without stopping the writer.
func (c *Client) Serve() error {
	stopW := make(chan struct{})
	doneW := make(chan error)
	go func() { doneW <- c.writer(stopW) }() // want "blocks forever sending on `doneW` when `err := <-doneR` wins the select"
	stopR := make(chan struct{})
	doneR := make(chan error)
	go func() { doneR <- c.reader(stopR) }()
	select {
	case err := <-doneW:
		close(stopR)
		<-doneR
		return err
	case err := <-doneR:
		return err
	}
}
