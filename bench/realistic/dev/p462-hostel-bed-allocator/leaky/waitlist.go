package beds

import (
	"errors"
	"fmt"
	"time"
)

// ErrWaitlistFull is returned when the desk queue is at capacity.
var ErrWaitlistFull = errors.New("waitlist full")

// Waitlist queues a walk-in for the next bed that suits them. done is
// called exactly once, with the assignment or with an error.
func (a *Allocator) Waitlist(g Guest, done func(Assignment, error)) error {
	if done == nil {
		return errors.New("waitlist: nil callback")
	}
	a.mu.Lock()
	if a.closed {
		a.mu.Unlock()
		return ErrClosed
	}
	if _, ok := a.byGuest[g.Name]; ok {
		a.mu.Unlock()
		return fmt.Errorf("%s: %w", g.Name, ErrAlreadyBooked)
	}
	for _, w := range a.waitlist {
		if w.guest.Name == g.Name {
			a.mu.Unlock()
			return fmt.Errorf("%s already on the waitlist", g.Name)
		}
	}
	if len(a.waitlist) >= a.maxWaitlist {
		a.mu.Unlock()
		return ErrWaitlistFull
	}
	a.waitlist = append(a.waitlist, &walkIn{guest: g, queuedAt: a.now(), done: done})
	a.log.Printf("waitlisted %s (%d in queue)", g.Name, len(a.waitlist))
	a.cond.Signal()
	a.mu.Unlock()

	a.dispatchOne.Do(func() { go a.dispatch() })
	return nil
}

// Queued returns the names on the waitlist, oldest first.
func (a *Allocator) Queued() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	names := make([]string, 0, len(a.waitlist))
	for _, w := range a.waitlist {
		names = append(names, w.guest.Name)
	}
	return names
}

// dispatch hands freed beds to walk-ins in queue order, skipping
// guests nothing suits yet.
func (a *Allocator) dispatch() {
	a.mu.Lock()
	for {
		for !a.closed && !a.placeableLocked() {
			a.cond.Wait() // leak: Close only broadcasts when walk-ins are still queued
		}
		if a.closed {
			a.mu.Unlock()
			return
		}
		w, asg := a.placeNextLocked()
		a.mu.Unlock()

		a.log.Printf("walk-in %s gets %s/%d after %s", w.guest.Name, asg.Dorm, asg.Bed,
			asg.At.Sub(w.queuedAt).Round(time.Millisecond))
		if a.notify != nil {
			a.notify.BedReady(asg)
		}
		w.done(asg, nil)

		a.mu.Lock()
	}
}

func (a *Allocator) placeableLocked() bool {
	for _, w := range a.waitlist {
		for _, d := range a.dorms {
			if d.suits(w.guest) {
				return true
			}
		}
	}
	return false
}

func (a *Allocator) placeNextLocked() (*walkIn, Assignment) {
	for i, w := range a.waitlist {
		asg, ok := a.placeLocked(w.guest)
		if !ok {
			continue
		}
		a.waitlist = append(a.waitlist[:i], a.waitlist[i+1:]...)
		return w, asg
	}
	panic("beds: placeNextLocked called with nothing placeable")
}
