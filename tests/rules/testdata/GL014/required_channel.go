package requiredchannel

// A channel field the package fills in itself is not the caller's to leave nil.

type pipe struct {
	Out chan int
}

func newPipe() *pipe {
	p := &pipe{Out: make(chan int)}
	go func() {
		p.Out <- 1
	}()
	return p
}

func Use() int {
	return <-newPipe().Out
}
