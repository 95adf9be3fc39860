package fixedliteralworkerhandedon

import "sync"

// listener is one registered callback with its own queue.
type listener struct {
	queue chan string
}

// Bus fans published topics out to listeners, each served by a goroutine of its own.
type Bus struct {
	mu        sync.Mutex
	next      int
	listeners map[int]*listener
	// every listener ever made, for Retired's caller to close once idle.
	retired []*listener
}

// NewBus returns a bus with no listeners.
func NewBus() *Bus { return &Bus{listeners: map[int]*listener{}} }

// Listen calls fn for every topic published until Unlisten or Close.
func (b *Bus) Listen(fn func(string)) int {
	l := &listener{queue: make(chan string, 16)}
	b.mu.Lock()
	b.next++
	id := b.next
	b.listeners[id] = l
	b.retired = append(b.retired, l)
	b.mu.Unlock()
	go func() {
		for topic := range l.queue {
			fn(topic)
		}
	}()
	return id
}

// Publish queues topic for every listener.
func (b *Bus) Publish(topic string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, l := range b.listeners {
		l.queue <- topic
	}
}

// Unlisten stops calling the listener registered as id.
func (b *Bus) Unlisten(id int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.listeners, id)
}

// Close ends every listener.
func (b *Bus) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for id, l := range b.listeners {
		close(l.queue)
		delete(b.listeners, id)
	}
}

// Retired hands over every listener made so far.
func (b *Bus) Retired() []*listener {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.retired
}
