package bus

import "sync"

// Bus hands events to one consumer goroutine.
type Bus struct {
	mu     sync.Mutex
	subs   []func(string)
	events chan string
}

func NewBus() *Bus {
	b := &Bus{events: make(chan string)}
	go b.consume()
	return b
}

func (b *Bus) Publish(ev string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.events <- ev // want "this send on `b.events` waits while holding `b.mu`, but `consume` locks `b.mu` \(line 26\) before it can take the other side"
}

func (b *Bus) consume() {
	for {
		b.mu.Lock()
		subs := b.subs
		b.mu.Unlock()
		ev, ok := <-b.events
		if !ok {
			return
		}
		for _, s := range subs {
			s(ev)
		}
	}
}
