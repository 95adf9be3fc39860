package calmcallsbeforeclose

import "sync"

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
		select {
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
	p.Lock()
	p.n++
	p.Unlock()
}

func (p *Policy) Close() {
	p.stop <- struct{}{}
	close(p.stop)
	close(p.itemsCh)
}

// CloseThenSend expects the send on the closed channel to panic: `Add`, which never
// panics, is not where the recovered panic comes from, so `Close` always runs.
func CloseThenSend() {
	defer func() { _ = recover() }()
	p := NewPolicy()
	p.Add(1)
	p.Close()
	p.itemsCh <- []uint64{1}
}
