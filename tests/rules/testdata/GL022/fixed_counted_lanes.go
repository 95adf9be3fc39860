// Resolve asks for the addresses of each family it has a route for, one goroutine per
// family, counting the lanes under the same tests that start them: the buffer holds
// every answer and the loop reads one per lane started (COUNTED_LANES).
package lanes

import "errors"

type resolver struct {
	hasV4, hasV6 bool
}

type answer struct {
	addrs []string
	err   error
}

func (r *resolver) query(host, family string) answer {
	if host == "" {
		return answer{err: errors.New("empty host")}
	}
	return answer{addrs: []string{family + ":" + host}}
}

func (r *resolver) Resolve(host string) ([]string, error) {
	lanes := 0
	if r.hasV4 {
		lanes++
	}
	if r.hasV6 {
		lanes++
	}
	lane := make(chan answer, lanes)
	if r.hasV4 {
		go func() {
			lane <- r.query(host, "A")
		}()
	}
	if r.hasV6 {
		go func() {
			lane <- r.query(host, "AAAA")
		}()
	}
	var addrs []string
	var lastErr error
	for l := 0; l < lanes; l++ {
		a := <-lane
		if a.err != nil {
			lastErr = a.err
			continue
		}
		addrs = append(addrs, a.addrs...)
	}
	if len(addrs) == 0 && lastErr != nil {
		return nil, lastErr
	}
	return addrs, nil
}
