// Package discovery is a client for a service registry that supports
// blocking queries. It keeps a local cache of healthy instances per service
// and refreshes it from long-lived watches.
package discovery

import (
	"context"
	"errors"
	"fmt"
	"sort"
)

// Instance is one registered endpoint of a service.
type Instance struct {
	ID      string
	Addr    string
	Healthy bool
}

func (i Instance) String() string { return fmt.Sprintf("%s@%s", i.ID, i.Addr) }

// Source answers blocking queries: Query returns as soon as the service's
// index differs from index, or when the registry's own wait time runs out,
// in which case it returns the same index again.
type Source interface {
	Query(ctx context.Context, service string, index uint64) ([]Instance, uint64, error)
}

// ErrUnknownService is returned by Instances for a service nobody watches.
var ErrUnknownService = errors.New("discovery: service not watched")

// healthyOnly returns the healthy instances sorted by ID, so that callers can
// compare snapshots cheaply.
func healthyOnly(in []Instance) []Instance {
	out := make([]Instance, 0, len(in))
	for _, i := range in {
		if i.Healthy {
			out = append(out, i)
		}
	}
	sort.Slice(out, func(a, b int) bool { return out[a].ID < out[b].ID })
	return out
}
