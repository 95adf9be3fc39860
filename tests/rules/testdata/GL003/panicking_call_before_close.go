package panickingcallbeforeclose

import "sync"

// run: AddZero()

type Policy struct {
	sync.Mutex
	n       int
	itemsCh chan []uint64
	stop    chan struct{}
}

func NewPolicy() *Policy {
	p := &Policy{itemsCh: make(chan []uint64, 3), stop: make(chan struct{})}
	go p.processItems()
	return p
}

func (p *Policy) processItems() {
	for {
		select { // want "goroutine `processItems` blocks forever receiving from `p.stop` when `AddZero` panics and returns through the recover deferred at line 51"
		case items := <-p.itemsCh:
			p.Lock()
			p.n += len(items)
			p.Unlock()
		case <-p.stop:
			return
		}
	}
}

func (p *Policy) Add(key uint64) {
	if key == 0 {
		panic("zero key")
	}
	p.Lock()
	p.n++
	p.Unlock()
}

func (p *Policy) Close() {
	p.stop <- struct{}{}
	close(p.stop)
	close(p.itemsCh)
}

// AddZero recovers the panic `Add` raises on a zero key: `Close` never runs, and
// the policy's goroutine waits for good.
func AddZero() {
	defer func() { _ = recover() }()
	p := NewPolicy()
	p.Add(0)
	p.Close()
	p.itemsCh <- []uint64{1}
}
