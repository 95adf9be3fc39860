package resolver

import "net"

func (r *Resolver) lookupOne(host string, answers chan<- answer) {
	if host == "" {
		return // nothing to resolve
	}
	ip := net.ParseIP(r.table[host])
	answers <- answer{host: host, ip: ip}
}

// ResolveAll looks every host up in parallel and caches the answers.
func (r *Resolver) ResolveAll(hosts []string) map[string]net.IP {
	answers := make(chan answer)
	for _, h := range hosts {
		go r.lookupOne(h, answers)
	}
	for i := 0; i < len(hosts); i++ {
		a := <-answers // want "blocks forever"
		if a.ip != nil {
			r.cache[a.host] = a.ip
		}
	}
	return r.cache
}
