// Package flags watches a feature-flag source and reports changes.
package flags

import (
	"reflect"
	"time"
)

// Source returns the current flag values.
type Source interface {
	Snapshot() (map[string]bool, error)
}

// Change is a new set of flag values.
type Change struct {
	Flags map[string]bool
	At    time.Time
}

// Watch polls src every interval and sends each distinct snapshot, starting with the first.
func Watch(src Source, interval time.Duration) <-chan Change {
	changes := make(chan Change)
	go func() {
		var last map[string]bool
		for {
			snap, err := src.Snapshot()
			if err == nil && !reflect.DeepEqual(snap, last) {
				last = snap
				changes <- Change{Flags: snap, At: time.Now()} // leak: WaitFor returns after its flag flips and never reads again
			}
			time.Sleep(interval)
		}
	}()
	return changes
}

// WaitFor blocks until flag has the wanted value or the timeout passes.
func WaitFor(src Source, flag string, want bool, timeout time.Duration) bool {
	changes := Watch(src, timeout/20)
	deadline := time.After(timeout)
	for {
		select {
		case c := <-changes:
			if c.Flags[flag] == want {
				return true
			}
		case <-deadline:
			return false
		}
	}
}
