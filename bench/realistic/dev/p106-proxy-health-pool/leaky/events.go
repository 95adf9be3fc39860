package lb

// dispatch hands state changes to the user's callback, in order.
func (p *Pool) dispatch() {
	for ev := range p.events { // leak: Close stops the health loop but nothing ever closes the events channel
		p.onChange(ev)
	}
}
