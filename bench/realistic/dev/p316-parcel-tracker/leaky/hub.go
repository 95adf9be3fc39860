package tracking

import "sync"

// Event announces that a parcel's status changed.
type Event struct {
	Parcel   Parcel
	Previous Status // zero on the first status seen
	Current  Status
}

// hub fans events out to subscribers. Slow subscribers lose events rather
// than stall polling.
type hub struct {
	mu      sync.Mutex
	next    int
	subs    map[int]chan Event
	dropped int
}

func newHub() *hub { return &hub{subs: make(map[int]chan Event)} }

func (h *hub) subscribe(buffer int) (<-chan Event, func()) {
	ch := make(chan Event, buffer)
	h.mu.Lock()
	id := h.next
	h.next++
	h.subs[id] = ch
	h.mu.Unlock()

	var once sync.Once
	return ch, func() {
		once.Do(func() {
			h.mu.Lock()
			defer h.mu.Unlock()
			delete(h.subs, id)
			close(ch)
		})
	}
}

func (h *hub) publish(ev Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, ch := range h.subs {
		select {
		case ch <- ev:
		default:
			h.dropped++
		}
	}
}

func (h *hub) droppedCount() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.dropped
}
