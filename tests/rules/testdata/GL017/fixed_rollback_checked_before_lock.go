package fixedrollbackchecked

import (
	"errors"
	"fmt"
	"sync"
)

var errTaken = errors.New("seat taken")

type seat struct {
	mu    sync.Mutex
	owner string
	held  bool
}

func release(seats []*seat) {
	for _, s := range seats {
		s.mu.Unlock()
	}
}

// Book gives every seat to who, or none of them. A seat marked held is refused before
// it is locked, so the rollback releases exactly the seats locked so far.
func Book(who string, seats []*seat) error {
	for i, s := range seats {
		if s.held {
			release(seats[:i])
			return fmt.Errorf("seat %d: %w", i, errTaken)
		}
		s.mu.Lock()
	}
	for _, s := range seats {
		s.owner = who
	}
	release(seats)
	return nil
}
