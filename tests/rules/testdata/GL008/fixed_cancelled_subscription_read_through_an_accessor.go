package fixedcancelledsubscriptionreadthroughanaccessor

import "sync"

// Sub delivers the hub's messages.
type Sub struct {
	hub  *Hub
	id   int
	ch   chan string
	once sync.Once
}

// C returns the channel messages are delivered on.
func (s *Sub) C() <-chan string { return s.ch }

// Cancel stops delivery.
func (s *Sub) Cancel() {
	s.once.Do(func() {
		s.hub.mu.Lock()
		defer s.hub.mu.Unlock()
		if _, ok := s.hub.subs[s.id]; ok {
			delete(s.hub.subs, s.id)
			close(s.ch)
		}
	})
}

type Hub struct {
	mu   sync.Mutex
	subs map[int]*Sub
	next int
}

func NewHub() *Hub { return &Hub{subs: make(map[int]*Sub)} }

func (h *Hub) Subscribe() *Sub {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.next++
	s := &Sub{hub: h, id: h.next, ch: make(chan string, 4)}
	h.subs[s.id] = s
	return s
}

// Close ends every subscription.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for id, s := range h.subs {
		close(s.ch)
		delete(h.subs, id)
	}
}

// Watcher prints what its subscription delivers.
type Watcher struct {
	sub  *Sub
	seen int
}

func Watch(h *Hub) *Watcher {
	w := &Watcher{sub: h.Subscribe()}
	go w.run(w.sub)
	return w
}

func (w *Watcher) run(sub *Sub) {
	for range sub.C() {
		w.seen++
	}
}

func (w *Watcher) Stop() { w.sub.Cancel() }
