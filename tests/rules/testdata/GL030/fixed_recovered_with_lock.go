package fixedrecoveredwithlock

import (
	"errors"
	"fmt"
	"sync"
)

// run: r := &Registry{limits: map[string]int{}, weigh: func(string) int { panic("no weight") }}; _ = r.Admit("a"); go func() { _ = r.Admit("b") }()

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
	r.mu.Lock()
	defer r.mu.Unlock()
	w := r.weigh(name)
	if r.total+w > 100 {
		return errFull
	}
	r.limits[name] = w
	r.total += w
	return nil
}
