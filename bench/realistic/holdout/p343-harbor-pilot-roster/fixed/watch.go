package roster

import "fmt"

// Watch registers fn to be called with every assignment for pilotID. It is
// used by the pilots' handheld devices. Calls to fn happen on a dedicated
// goroutine, in order.
// The returned function stops the watch.
func (r *Roster) Watch(pilotID string, fn func(Assignment)) (stop func(), err error) {
	if fn == nil {
		return nil, fmt.Errorf("roster: nil watch callback for %s", pilotID)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil, ErrClosed
	}
	if _, ok := r.pilots[pilotID]; !ok {
		return nil, fmt.Errorf("%w: %s", ErrUnknownPilot, pilotID)
	}

	if prev, ok := r.watchers[pilotID]; ok {
		close(prev)
	}
	ch := make(chan Assignment, r.cfg.WatchBuffer)
	r.watchers[pilotID] = ch

	go func() {
		for a := range ch {
			fn(a)
		}
	}()

	return func() { r.unwatch(pilotID, ch) }, nil
}

func (r *Roster) unwatch(pilotID string, ch chan Assignment) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if cur, ok := r.watchers[pilotID]; ok && cur == ch {
		delete(r.watchers, pilotID)
		close(ch)
	}
}

// notifyLocked delivers a to the pilot's device without blocking the
// roster. r.mu must be held.
func (r *Roster) notifyLocked(a Assignment) {
	ch, ok := r.watchers[a.PilotID]
	if !ok {
		r.cfg.Logger.Printf("roster: pilot %s has no device connected for %s", a.PilotID, a.Movement.ID)
		return
	}
	select {
	case ch <- a:
	default:
		r.cfg.Logger.Printf("roster: device queue full for pilot %s, dropped %s", a.PilotID, a.Movement.ID)
	}
}
