package presence

import (
	"sync"
	"time"
)

// Update reports a change in a user's aggregate status.
type Update struct {
	UserID string
	Status Status
	At     time.Time
}

// Subscription delivers status updates for a set of users on C.
type Subscription struct {
	C <-chan Update

	hub   *hub
	id    uint64
	users []string
	once  sync.Once
}

// Close stops delivery. C is not closed, so a reader selecting on it
// together with other channels is not woken spuriously.
func (sub *Subscription) Close() {
	sub.once.Do(func() { sub.hub.remove(sub) })
}

// Subscribe returns a subscription to status changes of the given users.
func (s *Service) Subscribe(userIDs ...string) *Subscription {
	return s.hub.add(userIDs)
}

// Dropped reports how many updates were discarded because a subscriber was
// not keeping up.
func (s *Service) Dropped() uint64 {
	s.hub.mu.Lock()
	defer s.hub.mu.Unlock()
	return s.hub.dropped
}

// hub routes updates to subscribers by user ID.
type hub struct {
	buffer int

	mu      sync.Mutex
	next    uint64
	byUser  map[string]map[uint64]chan Update
	dropped uint64
}

func newHub(buffer int) *hub {
	return &hub{buffer: buffer, byUser: make(map[string]map[uint64]chan Update)}
}

func (h *hub) add(users []string) *Subscription {
	ch := make(chan Update, h.buffer)
	h.mu.Lock()
	defer h.mu.Unlock()
	h.next++
	for _, u := range users {
		subs := h.byUser[u]
		if subs == nil {
			subs = make(map[uint64]chan Update)
			h.byUser[u] = subs
		}
		subs[h.next] = ch
	}
	return &Subscription{C: ch, hub: h, id: h.next, users: users}
}

func (h *hub) remove(sub *Subscription) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, u := range sub.users {
		delete(h.byUser[u], sub.id)
		if len(h.byUser[u]) == 0 {
			delete(h.byUser, u)
		}
	}
}

// publish never blocks: a slow subscriber loses updates rather than
// stalling every writer.
func (h *hub) publish(u Update) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, ch := range h.byUser[u.UserID] {
		select {
		case ch <- u:
		default:
			h.dropped++
		}
	}
}
