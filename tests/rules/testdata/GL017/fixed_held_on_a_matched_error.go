package fixedheldonamatchederror

import (
	"errors"
	"fmt"
	"sync"
)

// run: d := NewDesk(func(string) error { return ErrNeedsReview }); _, _ = d.File("c-1"); go d.Sweep()

// ErrNeedsReview asks for a person to look at the claim.
var ErrNeedsReview = errors.New("needs review")

// Claim is one insurance claim at the desk.
type Claim struct {
	ID    string
	State string
}

// Desk files claims and parks those a reviewer must see.
type Desk struct {
	mu     sync.Mutex
	review func(id string) error
	open   map[string]*Claim
	held   map[string]*Claim
}

// NewDesk makes a desk that asks review about each claim.
func NewDesk(review func(string) error) *Desk {
	return &Desk{review: review, open: map[string]*Claim{}, held: map[string]*Claim{}}
}

// File records a claim; one the reviewer flags is parked, with the reviewer's error.
// The second lock is let go by a `defer` on every way out.
func (d *Desk) File(id string) (Claim, error) {
	d.mu.Lock()
	c := &Claim{ID: id, State: "filed"}
	d.open[id] = c
	d.mu.Unlock()

	err := d.review(id)

	d.mu.Lock()
	defer d.mu.Unlock()
	switch {
	case errors.Is(err, ErrNeedsReview):
		delete(d.open, id)
		c.State = "held"
		d.held[id] = c
		return *c, err
	case err != nil:
		delete(d.open, id)
		return Claim{}, fmt.Errorf("file %s: %w", id, err)
	}
	c.State = "accepted"
	return *c, nil
}

// Sweep drops the parked claims that expired.
func (d *Desk) Sweep() {
	d.mu.Lock()
	for id, c := range d.held {
		if c.State == "expired" {
			delete(d.held, id)
		}
	}
	d.mu.Unlock()
}
