package policy

import "testing"

type policy struct {
	items chan []uint64
	stop  chan struct{}
	seen  int
}

func newPolicy() *policy {
	p := &policy{items: make(chan []uint64, 3), stop: make(chan struct{})}
	go p.processItems()
	return p
}

func (p *policy) processItems() {
	for {
		select { // want "goroutine `processItems` blocks forever receiving from `p.stop`: nothing here sends on or closes `p.stop` \\(`Close` would close it, but nothing here calls it\\)"
		case items := <-p.items:
			p.seen += len(items)
		case <-p.stop:
			return
		}
	}
}

// Close tells processItems it is done, then closes the channel for good.
func (p *policy) Close() {
	p.stop <- struct{}{}
	close(p.stop)
}

// The test never calls Close: processItems waits on p.stop for good.
func TestPolicyPush(t *testing.T) {
	p := newPolicy()
	p.items <- []uint64{1, 2}
}
