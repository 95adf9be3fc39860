package configpoll

import (
	"context"
	"errors"
	"sort"
	"time"
)

// Version is a monotonically increasing configuration revision assigned by
// the configuration service.
type Version uint64

// Snapshot is an immutable view of one namespace at one version.
type Snapshot struct {
	Namespace string
	Version   Version
	Values    map[string]string
}

// Get returns the value stored under key.
func (s Snapshot) Get(key string) (string, bool) {
	v, ok := s.Values[key]
	return v, ok
}

// Keys returns the snapshot's keys in sorted order.
func (s Snapshot) Keys() []string {
	keys := make([]string, 0, len(s.Values))
	for k := range s.Values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// ErrNotModified is returned by Source.Poll when the server's hold time
// elapsed without a change. The client simply polls again.
var ErrNotModified = errors.New("configpoll: not modified")

// Source is the remote configuration service.
type Source interface {
	// Poll blocks until namespace has a version newer than since, the
	// server-side hold time elapses (ErrNotModified), or ctx is done.
	Poll(ctx context.Context, namespace string, since Version) (Snapshot, error)
}

// Clock abstracts time for retry backoff.
type Clock interface {
	After(d time.Duration) <-chan time.Time
}

type realClock struct{}

func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }
