package lb

// dispatch hands state changes to the user's callback, in order.
func (p *Pool) dispatch() {
	for ev := range p.events {
		p.onChange(ev)
	}
}
