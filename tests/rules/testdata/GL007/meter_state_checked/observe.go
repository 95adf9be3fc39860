package meter

import "sync"

var mu sync.Mutex

// Observe records one sample unless the meter is stopped: Stop takes the same lock,
// so no send can start after the loop is told to stop.
func (m *Meter) Observe(v float64) {
	mu.Lock()
	defer mu.Unlock()
	if m.stopped {
		return
	}
	m.samples <- v
}

// Stop ends the meter's loop.
func (m *Meter) Stop() {
	mu.Lock()
	defer mu.Unlock()
	m.stopped = true
	close(m.stop)
}
