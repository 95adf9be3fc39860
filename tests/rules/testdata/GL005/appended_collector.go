package appended

import (
	"errors"
	"strings"
)

// run: _, _ = Lookup([]string{"a", "", "c", "d"})

func resolve(host string) (string, error) {
	if host == "" {
		return "", errors.New("empty host")
	}
	return strings.ToUpper(host), nil
}

type answer struct {
	addr string
	err  error
}

// Lookup resolves every host at once and returns the first failure.
func Lookup(hosts []string) ([]string, error) {
	var pending []chan answer
	for _, h := range hosts {
		ch := make(chan answer)
		pending = append(pending, ch)
		go func(h string) {
			addr, err := resolve(h)
			ch <- answer{addr, err} // want "goroutine is started once per loop iteration and blocks sending on `ch` once the collecting loop at line 34 returns early at line 37"
		}(h)
	}
	addrs := make([]string, 0, len(hosts))
	for _, ch := range pending {
		a := <-ch
		if a.err != nil {
			return nil, a.err
		}
		addrs = append(addrs, a.addr)
	}
	return addrs, nil
}
