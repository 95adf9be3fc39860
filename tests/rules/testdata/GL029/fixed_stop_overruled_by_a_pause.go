package kioskfixed

import "sync"

// Kiosk prints tickets in order; it can be paused while the paper is changed.
type Kiosk struct {
	mu      sync.Mutex
	cond    *sync.Cond
	queue   []string
	paused  bool
	closed  bool
	printed int
}

func NewKiosk() *Kiosk {
	k := &Kiosk{}
	k.cond = sync.NewCond(&k.mu)
	return k
}

func (k *Kiosk) Print(ticket string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.closed {
		return
	}
	k.queue = append(k.queue, ticket)
	k.cond.Broadcast()
}

func (k *Kiosk) Pause() {
	k.mu.Lock()
	k.paused = true
	k.mu.Unlock()
}

func (k *Kiosk) Resume() {
	k.mu.Lock()
	k.paused = false
	k.mu.Unlock()
	k.cond.Broadcast()
}

// Close stops the printer; tickets still queued are dropped.
func (k *Kiosk) Close() {
	k.mu.Lock()
	k.closed = true
	k.queue = nil
	k.mu.Unlock()
	k.cond.Broadcast()
}

func (k *Kiosk) next() (string, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	for !k.closed && (k.paused || len(k.queue) == 0) {
		k.cond.Wait()
	}
	if k.closed {
		return "", false
	}
	t := k.queue[0]
	k.queue = k.queue[1:]
	return t, true
}

func (k *Kiosk) serve() {
	for {
		if _, ok := k.next(); !ok {
			return
		}
		k.printed++
	}
}
