package feeds

import "sync"

// feed polls one upstream until stopped.
type feed struct {
	name    string
	updates chan string
	stopped chan struct{}
}

func newFeed(name string) *feed {
	return &feed{name: name, updates: make(chan string, 8), stopped: make(chan struct{})}
}

func (f *feed) start() { go f.poll() }

func (f *feed) poll() {
	for {
		select {
		case <-f.stopped:
			return
		case u := <-f.updates:
			_ = u
		}
	}
}

func (f *feed) stop() { close(f.stopped) }

// Hub follows named feeds.
type Hub struct {
	mu    sync.Mutex
	feeds map[string]*feed
}

func NewHub() *Hub { return &Hub{feeds: make(map[string]*feed)} }

// Follow (re)starts the feed of that name.
func (h *Hub) Follow(name string) {
	f := newFeed(name)
	h.mu.Lock()
	if old, ok := h.feeds[name]; ok {
		old.stop()
	}
	h.feeds[name] = f
	h.mu.Unlock()
	f.start()
}

// Close stops every feed still followed.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, f := range h.feeds {
		f.stop()
	}
}
