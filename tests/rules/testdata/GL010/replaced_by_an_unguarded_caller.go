package replacedbyanunguardedcaller

import "sync"

// run: h := NewHub([]string{"lions"}); h.ReplaceFeeder("lions", "spare"); h.Close()

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
	h.lanes[enclosure] = l // want "the object this store replaces keeps its goroutine `runLane` running forever: `startLaneLocked` puts `l`,"
	go h.runLane(l)
}

func (h *Hub) runLane(l *lane) {
	for grams := range l.orders {
		_ = grams
	}
}

// ReplaceFeeder swaps the feeder of an enclosure: a new lane under the old one's key,
// the old one left running (its call is the one no guard covers).
func (h *Hub) ReplaceFeeder(enclosure, feeder string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	old, ok := h.lanes[enclosure]
	if !ok {
		return
	}
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
