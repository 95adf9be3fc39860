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
// Closing stop ends the watch.
func Watch(src Source, interval time.Duration, stop <-chan struct{}) <-chan Change {
	changes := make(chan Change)
	go func() {
		var last map[string]bool
		for {
			snap, err := src.Snapshot()
			if err == nil && !reflect.DeepEqual(snap, last) {
				last = snap
				select {
				case changes <- Change{Flags: snap, At: time.Now()}:
				case <-stop:
					return
				}
			}
			select {
			case <-time.After(interval):
			case <-stop:
				return
			}
		}
	}()
	return changes
}

// WaitFor blocks until flag has the wanted value or the timeout passes.
func WaitFor(src Source, flag string, want bool, timeout time.Duration) bool {
	stop := make(chan struct{})
	defer close(stop)
	changes := Watch(src, timeout/20, stop)
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
