package fixedpoller

import (
	"sync"
	"time"
)

// run: m := StartMonitor(time.Millisecond, func() int { return 1 }); time.Sleep(100 * time.Millisecond); m.Stop()

// Monitor samples a gauge on a timer and keeps the last value.
type Monitor struct {
	mu      sync.Mutex
	last    int
	stopped bool
	done    chan struct{}
	sample  func() int
	every   time.Duration
}

func StartMonitor(every time.Duration, sample func() int) *Monitor {
	m := &Monitor{sample: sample, every: every, done: make(chan struct{})}
	go m.poll()
	return m
}

func (m *Monitor) poll() {
	for {
		v := m.sample()
		m.mu.Lock()
		m.last = v
		m.mu.Unlock()
		select {
		case <-m.done:
			return
		case <-time.After(m.every):
		}
	}
}

func (m *Monitor) Last() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.last
}

// Stop ends the polling loop.
func (m *Monitor) Stop() {
	m.mu.Lock()
	m.stopped = true
	m.mu.Unlock()
	close(m.done)
}
