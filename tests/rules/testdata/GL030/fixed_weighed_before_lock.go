package fixedweighedbeforelock

import (
	"errors"
	"fmt"
	"sync"
)

var errFull = errors.New("registry full")

// Registry admits names while their total weight stays under a limit.
type Registry struct {
	mu     sync.Mutex
	limits map[string]int
	total  int
	weigh  func(name string) int // supplied by the caller; may panic on odd names
}

// Admit adds name. A panic while weighing it is turned into an error so that one bad
// name does not take the caller down.
func (r *Registry) Admit(name string) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("admit %q: %v", name, p)
		}
	}()
	w := r.weigh(name)
	r.mu.Lock()
	if r.total+w > 100 {
		r.mu.Unlock()
		return errFull
	}
	r.limits[name] = w
	r.total += w
	r.mu.Unlock()
	return nil
}
