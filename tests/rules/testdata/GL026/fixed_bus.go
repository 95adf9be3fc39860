package fixedbus

import "sync"

// Bus hands events to one consumer goroutine; Publish sends outside the lock.
type Bus struct {
	mu     sync.Mutex
	subs   []func(string)
	events chan string
	sent   int
}

func NewBus() *Bus {
	b := &Bus{events: make(chan string)}
	go b.consume()
	return b
}

func (b *Bus) Publish(ev string) {
	b.mu.Lock()
	b.sent++
	b.mu.Unlock()
	b.events <- ev
}

// Announce sends under the lock, but its partner never needs the lock.
func (b *Bus) Announce(ev string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.events <- ev
}

func (b *Bus) consume() {
	for ev := range b.events {
		_ = ev
	}
}
