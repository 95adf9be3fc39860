package roomybuffer

import (
	"context"
	"errors"
	"time"
)

type Resolver interface {
	Resolve(ctx context.Context, authority string) (string, error)
}

// lookupAll asks for every authority named on the command line; the error channel
// is sized far past any command line, so every goroutine's single send completes
// even when the first error ends the wait.
func lookupAll(r Resolver, authorities []string) (map[string]string, error) {
	found := make(map[string]string)
	type answer struct{ authority, addr string }
	answers := make(chan answer, 1000)
	errs := make(chan error, 1000)
	for _, authority := range authorities {
		go func(authority string) {
			addr, err := r.Resolve(context.Background(), authority)
			if err != nil {
				errs <- err
				return
			}
			answers <- answer{authority, addr}
		}(authority)
	}
	timeout := time.NewTimer(5 * time.Second)
	defer timeout.Stop()
	for len(found) < len(authorities) {
		select {
		case err := <-errs:
			return nil, err
		case a := <-answers:
			found[a.authority] = a.addr
		case <-timeout.C:
			return found, errors.New("timed out")
		}
	}
	return found, nil
}
