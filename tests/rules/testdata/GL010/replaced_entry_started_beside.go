package replacedentrystartedbeside

import "sync"

// run: h := NewHub(); h.Join("ann"); h.Join("ann"); h.Close()

type peer struct {
	name string
	out  chan string
	once sync.Once
	sent int
}

func (p *peer) stop() { p.once.Do(func() { close(p.out) }) }

// Hub relays messages to the peers that joined, one pump goroutine each.
type Hub struct {
	mu    sync.Mutex
	peers map[string]*peer
}

// NewHub returns a hub with nobody in it.
func NewHub() *Hub { return &Hub{peers: map[string]*peer{}} }

// Join adds a peer; joining again under the same name replaces the first one.
func (h *Hub) Join(name string) {
	p := &peer{name: name, out: make(chan string, 8)}
	h.mu.Lock()
	h.peers[name] = p // want "the object this store replaces keeps its goroutine `pump` running forever: `Join` puts `p`, whose goroutine it starts, under a key of `h.peers` that may hold one"
	h.mu.Unlock()
	go h.pump(p)
}

func (h *Hub) pump(p *peer) {
	for msg := range p.out {
		p.sent += len(msg)
	}
}

// Say queues msg for every peer.
func (h *Hub) Say(msg string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, p := range h.peers {
		select {
		case p.out <- msg:
		default:
		}
	}
}

// Close stops every peer.
func (h *Hub) Close() {
	h.mu.Lock()
	peers := h.peers
	h.peers = map[string]*peer{}
	h.mu.Unlock()
	for _, p := range peers {
		p.stop()
	}
}
