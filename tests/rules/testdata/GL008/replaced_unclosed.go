package hub

import "sync"

// run: h := NewHub(); h.Attach("a"); h.Subscribe("a", "news"); h.Unsubscribe("a", "news"); h.Attach("a"); h.Close()

type session struct {
	id     string
	out    chan string
	topics map[string]bool
}

func (s *session) writeLoop() {
	for msg := range s.out { // want "goroutine `writeLoop` never finishes ranging over `s.out`: `Attach` replaces `old`, the entry of `sessions` it looked up"
		_ = msg
	}
}

// Hub fans messages out to attached sessions.
type Hub struct {
	mu       sync.Mutex
	sessions map[string]*session
	byTopic  map[string]map[*session]bool
}

func NewHub() *Hub {
	return &Hub{sessions: make(map[string]*session), byTopic: make(map[string]map[*session]bool)}
}

// Attach starts a session under id; a second Attach takes the id over.
func (h *Hub) Attach(id string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	s := &session{id: id, out: make(chan string, 8), topics: make(map[string]bool)}
	if old, ok := h.sessions[id]; ok {
		for t := range old.topics {
			h.unsubscribeLocked(old, t)
			h.subscribeLocked(s, t)
		}
	}
	h.sessions[id] = s
	go s.writeLoop()
}

// Subscribe adds a topic to the session.
func (h *Hub) Subscribe(id, topic string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if s, ok := h.sessions[id]; ok {
		h.subscribeLocked(s, topic)
	}
}

// Unsubscribe drops a topic from the session.
func (h *Hub) Unsubscribe(id, topic string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if s, ok := h.sessions[id]; ok {
		h.unsubscribeLocked(s, topic)
	}
}

// Publish sends msg to every session on the topic, dropping it when one is full.
func (h *Hub) Publish(topic, msg string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for s := range h.byTopic[topic] {
		select {
		case s.out <- msg:
		default:
		}
	}
}

// Close detaches every session.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, s := range h.sessions {
		h.removeLocked(s)
	}
}

func (h *Hub) removeLocked(s *session) {
	for t := range s.topics {
		h.unsubscribeLocked(s, t)
	}
	delete(h.sessions, s.id)
	close(s.out)
}

func (h *Hub) subscribeLocked(s *session, topic string) {
	if h.byTopic[topic] == nil {
		h.byTopic[topic] = make(map[*session]bool)
	}
	h.byTopic[topic][s] = true
	s.topics[topic] = true
}

func (h *Hub) unsubscribeLocked(s *session, topic string) {
	delete(s.topics, topic)
	if subs := h.byTopic[topic]; subs != nil {
		delete(subs, s)
		if len(subs) == 0 {
			delete(h.byTopic, topic)
		}
	}
}
