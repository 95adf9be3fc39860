package fixedabandonedflight

import (
	"errors"
	"time"
)

// run: r := NewResolver(func(string) (string, error) { time.Sleep(100 * time.Millisecond); return "", errors.New("no such host") }); go func() { time.Sleep(5 * time.Millisecond); _, _ = r.Lookup("a") }(); _, _ = r.Lookup("a")

var errEmpty = errors.New("empty host")

// Resolver resolves each host once for all its concurrent callers.
type Resolver struct {
	resolve func(string) (string, error)
	group   *group
	started time.Time
}

func NewResolver(resolve func(string) (string, error)) *Resolver {
	return &Resolver{resolve: resolve, group: newGroup(), started: time.Now()}
}

// Lookup resolves host, sharing the answer with the callers that ask meanwhile.
func (r *Resolver) Lookup(host string) (string, error) {
	if host == "" {
		return "", errEmpty
	}
	c, leader := r.group.begin(host)
	if !leader {
		return r.group.await(c)
	}
	addr, err := r.resolve(host)
	if err != nil {
		r.group.end(host, c, "", err)
		return "", err
	}
	r.group.end(host, c, addr, nil)
	return addr, nil
}
