package fixedreplacedbyanunguardedcaller

import "sync"

type lane struct {
	enclosure string
	feeder    string
	orders    chan int
}

func (l *lane) stop() { close(l.orders) }

// Hub runs one feeding lane per enclosure.
type Hub struct {
	mu    sync.Mutex
	lanes map[string]*lane
}

// NewHub starts a lane for each enclosure, into a map it makes itself.
func NewHub(enclosures []string) *Hub {
	h := &Hub{lanes: make(map[string]*lane)}
	h.mu.Lock()
	for _, e := range enclosures {
		h.startLaneLocked(e, "standard")
	}
	h.mu.Unlock()
	return h
}

func (h *Hub) startLaneLocked(enclosure, feeder string) {
	l := &lane{enclosure: enclosure, feeder: feeder, orders: make(chan int, 4)}
	h.lanes[enclosure] = l
	go h.runLane(l)
}

func (h *Hub) runLane(l *lane) {
	for grams := range l.orders {
		_ = grams
	}
}

// ReplaceFeeder swaps the feeder of an enclosure: the old lane is stopped before a new
// one takes its key, through a key read from the old lane itself.
func (h *Hub) ReplaceFeeder(enclosure, feeder string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	old, ok := h.lanes[enclosure]
	if !ok {
		return
	}
	old.stop()
	h.startLaneLocked(old.enclosure, feeder)
}

// Close stops every lane.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, l := range h.lanes {
		l.stop()
	}
}
