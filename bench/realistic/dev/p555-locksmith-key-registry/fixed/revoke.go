package keyreg

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// lockDoor serialises pinning changes on one door so the cylinder and the
// registry never disagree, without holding the registry lock across calls
// to the pin store.
func (r *Registry) lockDoor(door string) (unlock func()) {
	r.mu.Lock()
	m, ok := r.doors[door]
	if !ok {
		m = &sync.Mutex{}
		r.doors[door] = m
	}
	r.mu.Unlock()
	m.Lock()
	return m.Unlock
}

// Revoke removes a key from its cylinder and marks it revoked. A key that is
// checked out can only be revoked as lost.
func (r *Registry) Revoke(ctx context.Context, id, reason string) error {
	r.mu.RLock()
	k, ok := r.keys[id]
	var door string
	if ok {
		door = k.Door
	}
	r.mu.RUnlock()
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownKey, id)
	}

	unlock := r.lockDoor(door)
	r.mu.RLock()
	snap := *k
	r.mu.RUnlock()
	if snap.Revoked {
		unlock()
		return fmt.Errorf("%w: %s (%s)", ErrRevoked, id, snap.RevokeReason)
	}
	if snap.CheckedOutTo != "" && reason != ReasonLost {
		unlock()
		return &CheckedOutError{KeyID: id, Holder: snap.CheckedOutTo}
	}
	if err := r.pins.Deauthorize(ctx, door, snap.Bitting); err != nil {
		unlock()
		return fmt.Errorf("keyreg: deauthorize %s on %s: %w", id, door, err)
	}

	r.mu.Lock()
	k.Revoked = true
	k.RevokeReason = reason
	k.CheckedOutTo = ""
	if t, ok := r.timers[id]; ok {
		t.Stop()
		delete(r.timers, id)
	}
	snap = *k
	r.mu.Unlock()
	unlock()

	r.log.Printf("keyreg: revoked %s on %s (%s)", id, door, reason)
	if r.notify != nil {
		if err := r.notify.KeyRevoked(ctx, snap); err != nil {
			r.log.Printf("keyreg: notify revocation of %s: %v", id, err)
		}
	}
	return nil
}

func (r *Registry) expire(id string) {
	r.mu.Lock()
	delete(r.timers, id)
	k, ok := r.keys[id]
	if !ok || r.closed || k.Revoked {
		r.mu.Unlock()
		return
	}
	door, bitting := k.Door, k.Bitting
	r.mu.Unlock()

	unlock := r.lockDoor(door)
	defer unlock()
	r.mu.RLock()
	revoked := k.Revoked
	r.mu.RUnlock()
	if revoked {
		return
	}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := r.pins.Deauthorize(ctx, door, bitting); err != nil {
		r.log.Printf("keyreg: expiring %s on %s: %v", id, door, err)
		return
	}
	r.mu.Lock()
	k.Revoked = true
	k.RevokeReason = ReasonExpired
	r.mu.Unlock()
	r.log.Printf("keyreg: temporary key %s on %s expired", id, door)
}
