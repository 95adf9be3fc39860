package splitpool

func (p *Pool) work() {
	defer p.wg.Done()
	for j := range p.jobs {
		if j == 0 {
			p.Close()
		}
	}
}
