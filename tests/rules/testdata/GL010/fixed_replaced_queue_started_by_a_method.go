package fixedfanoutstarted

import "sync"

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
	if old, ok := h.queues[platform]; ok {
		close(old.in)
	}
	h.queues[platform] = h.start(size)
}

// Close ends every queue's delivery.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, q := range h.queues {
		close(q.in)
	}
}
