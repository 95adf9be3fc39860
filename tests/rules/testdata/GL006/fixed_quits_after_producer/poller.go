package watcher

type Poller struct {
	closed chan struct{}
}

func (p *Poller) Stop() {
	close(p.closed)
}
