package fp

import "sync"

type participant01 struct {
	closeOnce sync.Once
	closeChan chan struct{}
	wg        sync.WaitGroup
}

func newParticipant01() *participant01 {
	return &participant01{closeChan: make(chan struct{})}
}

func (p *participant01) Start() {
	p.wg.Add(1)
	go p.loop()
}

func (p *participant01) loop() {
	defer p.wg.Done()
	<-p.closeChan
}

// Idempotent close: the close happens inside the sync.Once closure.
func (p *participant01) Close() {
	p.closeOnce.Do(func() { close(p.closeChan) })
	p.wg.Wait()
}

func use01() {
	p := newParticipant01()
	defer p.Close()
	go p.Start()
}
