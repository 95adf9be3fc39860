package fixedlockedparam

import (
	"errors"
	"sync"
)

var errEmpty = errors.New("ring: empty")

// Ring is a byte ring whose helpers lock only when the caller does not hold the lock.
type Ring struct {
	mu   sync.Mutex
	err  error
	data []byte
}

func (r *Ring) readErr(locked bool) error {
	if !locked {
		r.mu.Lock()
		defer r.mu.Unlock()
	}
	return r.err
}

func (r *Ring) setErr(err error, wake, locked bool) error {
	if locked == false {
		r.mu.Lock()
		defer r.mu.Unlock()
	}
	if r.err == nil {
		r.err = err
	}
	return r.err
}

// Read already holds r.mu and says so to each helper.
func (r *Ring) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, r.readErr(false)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.readErr(true); err != nil {
		return 0, err
	}
	if len(r.data) == 0 {
		return 0, r.setErr(errEmpty, false, true)
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}
