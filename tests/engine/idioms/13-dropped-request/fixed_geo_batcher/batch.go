package fixed_geo_batcher

func (r *Resolver) gather() {
	var queue []*lookup
	for {
		select {
		case l := <-r.pending:
			queue = append(queue, l)
			if len(queue) >= r.max {
				r.resolve(queue)
				queue = nil
			}
		case <-r.quit:
			if len(queue) > 0 {
				r.resolve(queue)
			}
			return
		}
	}
}

func (r *Resolver) resolve(queue []*lookup) {
	r.batches.Add(1)
	ips := make([]string, len(queue))
	for i, l := range queue {
		ips[i] = l.ip
	}
	cities, err := r.backend(ips)
	if err != nil {
		for _, l := range queue {
			l.err = err
			close(l.done)
		}
		return
	}
	for _, l := range queue {
		l.city = cities[l.ip]
		if l.city == "" {
			l.err = ErrUnknown
		}
		close(l.done)
	}
}
