package elevator

import "sync"

// broadcaster fans car state out to display subscriptions. Slow displays
// never hold up the cars: when a subscriber's buffer is full, the oldest
// update is dropped in favour of the newest.
type broadcaster struct {
	mu     sync.Mutex
	subs   map[int]chan CarState
	nextID int
	closed bool
}

func newBroadcaster() *broadcaster {
	return &broadcaster{subs: make(map[int]chan CarState)}
}

// subscribe registers a subscriber with the given buffer size. The returned
// cancel function unregisters it and closes the channel.
func (b *broadcaster) subscribe(buffer int) (<-chan CarState, func()) {
	if buffer < 1 {
		buffer = 1
	}
	ch := make(chan CarState, buffer)

	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		close(ch)
		return ch, func() {}
	}
	id := b.nextID
	b.nextID++
	b.subs[id] = ch

	var once sync.Once
	return ch, func() {
		once.Do(func() {
			b.mu.Lock()
			defer b.mu.Unlock()
			if c, ok := b.subs[id]; ok {
				delete(b.subs, id)
				close(c)
			}
		})
	}
}

// publish delivers st to every subscriber without blocking.
func (b *broadcaster) publish(st CarState) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return
	}
	for _, ch := range b.subs {
		select {
		case ch <- st:
			continue
		default:
		}
		// Buffer full: drop the oldest update and retry once.
		select {
		case <-ch:
		default:
		}
		select {
		case ch <- st:
		default:
		}
	}
}

// close closes every subscription. Further publishes are ignored.
func (b *broadcaster) close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return
	}
	b.closed = true
	for id, ch := range b.subs {
		delete(b.subs, id)
		close(ch)
	}
}
