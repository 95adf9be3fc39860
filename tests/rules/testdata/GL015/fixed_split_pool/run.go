package fixedsplitpool

func (p *Pool) run(t Task) {
	defer p.pending.Done()
	if t.Skip {
		return
	}
	p.mu.Lock()
	p.results = append(p.results, t.ID)
	p.mu.Unlock()
}
