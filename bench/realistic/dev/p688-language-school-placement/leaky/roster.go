package placement

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// ErrNoSeat is returned when every class at a level is full.
var ErrNoSeat = errors.New("placement: no seat available")

// Class is one timetabled group.
type Class struct {
	ID        string
	Programme Programme
	Level     Level
	Capacity  int
}

// MemRoster is a Roster kept in memory; it fills the emptiest matching
// class first so groups grow evenly.
type MemRoster struct {
	mu       sync.Mutex
	classes  []Class
	enrolled map[string][]string // class ID -> candidate IDs
}

// NewMemRoster returns a roster over the given classes.
func NewMemRoster(classes ...Class) *MemRoster {
	return &MemRoster{classes: classes, enrolled: make(map[string][]string)}
}

// Assign implements Roster.
func (r *MemRoster) Assign(ctx context.Context, p Programme, l Level, candidateID string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	best := -1
	for i, c := range r.classes {
		if c.Programme != p || c.Level != l {
			continue
		}
		n := len(r.enrolled[c.ID])
		if n >= c.Capacity {
			continue
		}
		if best < 0 || n < len(r.enrolled[r.classes[best].ID]) {
			best = i
		}
	}
	if best < 0 {
		return "", fmt.Errorf("%w: %s %v", ErrNoSeat, p, l)
	}
	id := r.classes[best].ID
	r.enrolled[id] = append(r.enrolled[id], candidateID)
	return id, nil
}

// Enrolled returns the candidates booked into a class.
func (r *MemRoster) Enrolled(classID string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.enrolled[classID]...)
}
