package fixedrollbackshort

import (
	"errors"
	"fmt"
	"sync"
)


var errTaken = errors.New("seat taken")

type seat struct {
	mu    sync.Mutex
	owner string
}

// Hall books seats, several at once, all or none.
type Hall struct{ seats []*seat }

func NewHall(n int) *Hall {
	h := &Hall{}
	for i := 0; i < n; i++ {
		h.seats = append(h.seats, &seat{})
	}
	return h
}

func release(seats []*seat) {
	for _, s := range seats {
		s.mu.Unlock()
	}
}

// Book gives every seat in ids to who, or none of them.
func (h *Hall) Book(who string, ids []int) error {
	seats := make([]*seat, 0, len(ids))
	for _, id := range ids {
		seats = append(seats, h.seats[id])
	}
	for i, s := range seats {
		s.mu.Lock()
		if s.owner != "" {
			release(seats[:i+1])
			return fmt.Errorf("seat %d: %w", ids[i], errTaken)
		}
	}
	for _, s := range seats {
		s.owner = who
	}
	release(seats)
	return nil
}
