package fanoutstarted

import "sync"

// run: h := NewHub(); h.Register("ios", 4); h.Register("ios", 8); h.Close()

// queue delivers one provider's messages in the background.
type queue struct {
	in   chan string
	sent int
}

func newQueue(size int) *queue {
	return &queue{in: make(chan string, size)}
}

func (q *queue) run() {
	for range q.in {
		q.sent++
	}
}

// Hub routes messages to one queue per platform.
type Hub struct {
	mu     sync.Mutex
	queues map[string]*queue
}

// NewHub returns an empty hub.
func NewHub() *Hub {
	return &Hub{queues: make(map[string]*queue)}
}

// start makes a queue and starts its delivery.
func (h *Hub) start(size int) *queue {
	q := newQueue(size)
	go q.run()
	return q
}

// Register starts a queue for platform, replacing any earlier one.
func (h *Hub) Register(platform string, size int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.queues[platform] = h.start(size) // want "the object this store replaces keeps its goroutine `run` running forever: `Register` puts a new `start\\(...\\)` under a key of `h.queues` that may hold one, without closing the old one's `in`"
}

// Close ends every queue's delivery.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, q := range h.queues {
		close(q.in)
	}
}
