package splitpool

func (p *Pool) run(t Task) {
	if t.Skip {
		return
	}
	p.mu.Lock()
	p.results = append(p.results, t.ID)
	p.mu.Unlock()
	p.pending.Done()
}
