package fixedkilns

import (
	"errors"
	"sync"
)

// run: m := NewMonitor(); m.Fire("k1"); m.Record("k1", 900); m.Fire("k1"); m.Close()

var errClosed = errors.New("monitor closed")

// Monitor runs one watcher per kiln, fed through a channel kept under the kiln's id.
type Monitor struct {
	mu      sync.Mutex
	feeds   map[string]chan int
	stopped map[string]chan struct{}
	peak    map[string]int
	closed  bool
}

// NewMonitor makes an empty monitor.
func NewMonitor() *Monitor {
	return &Monitor{
		feeds:   make(map[string]chan int),
		stopped: make(map[string]chan struct{}),
		peak:    make(map[string]int),
	}
}

// Fire starts watching a kiln; firing it again stops the old watch and starts a new one.
func (m *Monitor) Fire(id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return errClosed
	}
	if old, ok := m.feeds[id]; ok {
		close(old)
	}
	m.feeds[id], m.stopped[id] = m.watch(id)
	return nil
}

// watch makes the kiln's feed and starts the goroutine that reads it.
func (m *Monitor) watch(id string) (chan int, chan struct{}) {
	feed := make(chan int, 4)
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		for t := range feed {
			m.mu.Lock()
			if t > m.peak[id] {
				m.peak[id] = t
			}
			m.mu.Unlock()
		}
	}()
	return feed, stopped
}

// Record hands a temperature to the kiln's watcher.
func (m *Monitor) Record(id string, t int) {
	m.mu.Lock()
	feed, ok := m.feeds[id]
	m.mu.Unlock()
	if ok {
		feed <- t
	}
}

// Close stops every watcher and waits for it.
func (m *Monitor) Close() {
	m.mu.Lock()
	m.closed = true
	var waits []chan struct{}
	for id, feed := range m.feeds {
		close(feed)
		waits = append(waits, m.stopped[id])
	}
	m.mu.Unlock()
	for _, w := range waits {
		<-w
	}
}
