package barepoller

import (
	"sync"
	"time"
)

// Monitor samples a gauge on a timer for as long as the process runs: it offers no
// way to stop, and promises none (a poller with no Stop is not reported).
type Monitor struct {
	mu      sync.Mutex
	last    int
	stopped bool
	sample  func() int
	every   time.Duration
}

func StartMonitor(every time.Duration, sample func() int) *Monitor {
	m := &Monitor{sample: sample, every: every}
	go m.poll()
	return m
}

func (m *Monitor) poll() {
	for {
		v := m.sample()
		m.mu.Lock()
		m.last = v
		m.mu.Unlock()
		time.Sleep(m.every)
	}
}

func (m *Monitor) Last() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.last
}
