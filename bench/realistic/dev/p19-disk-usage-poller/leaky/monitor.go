// Package diskmon samples disk usage and raises an alarm above a threshold.
package diskmon

import (
	"sync"
	"time"
)

// Sampler reports the used fraction of a volume, 0..1.
type Sampler func(volume string) (float64, error)

// Monitor watches volumes in the background.
type Monitor struct {
	sample    Sampler
	volumes   []string
	every     time.Duration
	threshold float64

	mu      sync.Mutex
	alarms  map[string]float64
	running bool
}

// Start begins sampling every interval.
func Start(s Sampler, every time.Duration, threshold float64, volumes ...string) *Monitor {
	m := &Monitor{sample: s, volumes: volumes, every: every, threshold: threshold, alarms: map[string]float64{}, running: true}
	go m.poll()
	return m
}

func (m *Monitor) poll() {
	for { // leak: nothing ends this loop; Stop only flips a flag the loop never reads
		for _, v := range m.volumes {
			used, err := m.sample(v)
			if err != nil {
				continue
			}
			m.mu.Lock()
			if used >= m.threshold {
				m.alarms[v] = used
			} else {
				delete(m.alarms, v)
			}
			m.mu.Unlock()
		}
		time.Sleep(m.every) // leak: where the endless loop spends its time
	}
}

// Alarms returns the volumes over the threshold.
func (m *Monitor) Alarms() map[string]float64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make(map[string]float64, len(m.alarms))
	for k, v := range m.alarms {
		out[k] = v
	}
	return out
}

// Stop marks the monitor stopped.
func (m *Monitor) Stop() {
	m.mu.Lock()
	m.running = false
	m.mu.Unlock()
}
