package fixedsplitpool

func (p *Pool) work() {
	defer p.wg.Done()
	for j := range p.jobs {
		if j == 0 {
			// On its own goroutine: Close waits once this worker has returned.
			go p.Close()
		}
	}
}
