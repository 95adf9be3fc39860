package appended

import (
	"errors"
	"strings"
)

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
		ch := make(chan answer, 1) // room for the answer nobody waits for
		pending = append(pending, ch)
		go func(h string) {
			addr, err := resolve(h)
			ch <- answer{addr, err}
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
