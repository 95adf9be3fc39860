package fp

import "testing"

type broadcaster13 struct {
	stopCh     chan struct{}
	shutdownCh chan struct{}
	publishCh  chan int
}

func newBroadcaster13() *broadcaster13 {
	b := &broadcaster13{
		stopCh:     make(chan struct{}),
		shutdownCh: make(chan struct{}),
		publishCh:  make(chan int, 1),
	}
	go b.run()
	return b
}

func (b *broadcaster13) run() {
	for {
		select {
		case <-b.stopCh:
			close(b.shutdownCh)
			return
		case <-b.publishCh:
		}
	}
}

func (b *broadcaster13) shutdown() { close(b.stopCh); <-b.shutdownCh }

func TestBroadcast13(t *testing.T) {
	b := newBroadcaster13()
	defer close(b.stopCh) // stops run() exactly as shutdown() would
	b.publishCh <- 1
}
