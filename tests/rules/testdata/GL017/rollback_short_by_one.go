package rollbackshort

import (
	"errors"
	"fmt"
	"sync"
)

// run: h := NewHall(3); _ = h.Book("ann", []int{0, 1}); _ = h.Book("bob", []int{2, 1}); go func() { _ = h.Book("cid", []int{1}) }()

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
		s.mu.Lock() // want "`s.mu` stays locked when `Book` returns at line 45: `release\(seats\[:i\]\)` releases only the elements before the one just locked"
		if s.owner != "" {
			release(seats[:i])
			return fmt.Errorf("seat %d: %w", ids[i], errTaken)
		}
	}
	for _, s := range seats {
		s.owner = who
	}
	release(seats)
	return nil
}
