package dnscache

// prefetchLoop refreshes names that Lookup saw close to expiry, one at a time,
// until the resolver is closed.
func (r *Resolver) prefetchLoop() {
	defer r.wg.Done()
	for {
		select {
		case <-r.ctx.Done():
			return
		case name := <-r.prefetch:
			select {
			case <-r.resolve(name):
			case <-r.ctx.Done():
				return
			}
		}
	}
}
