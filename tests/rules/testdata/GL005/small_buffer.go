package smallbuffer

import "errors"

// run: _ = ProbeAll([]string{"bad", "bad", "bad", "bad", "bad"})

func probe(host string) error {
	if host == "bad" {
		return errors.New("unreachable")
	}
	return nil
}

// ProbeAll's buffer is a guess far below the hosts it may be given.
func ProbeAll(hosts []string) error {
	errs := make(chan error, 2)
	for _, h := range hosts {
		go func(h string) {
			errs <- probe(h) // want "goroutine is started once per loop iteration and blocks sending on `errs` once the collecting loop at line 22 returns early at line 24"
		}(h)
	}
	for range hosts {
		if err := <-errs; err != nil {
			return err
		}
	}
	return nil
}
