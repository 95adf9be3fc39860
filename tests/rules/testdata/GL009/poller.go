package poller

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
	sample  func() int
	every   time.Duration
}

func StartMonitor(every time.Duration, sample func() int) *Monitor {
	m := &Monitor{sample: sample, every: every}
	go m.poll()
	return m
}

func (m *Monitor) poll() {
	for { // want "goroutine `poll` loops forever: the `for` at line 26 has no return or break, so nothing can ever stop it \\(`Stop` does not reach it\\)"
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

// Stop marks the monitor stopped; the loop never looks.
func (m *Monitor) Stop() {
	m.mu.Lock()
	m.stopped = true
	m.mu.Unlock()
}
