package docks

import (
	"sync"
	"time"
)

// run: m := NewMonitor(time.Hour); m.Register("s1"); m.Register("s1"); m.Beat("s1"); m.Close()

type station struct {
	id     string
	online bool
	beats  chan struct{}
}

// Monitor keeps a watchdog per dock station.
type Monitor struct {
	mu       sync.Mutex
	quiet    time.Duration
	stations map[string]*station
}

// NewMonitor returns a monitor marking stations offline after quiet.
func NewMonitor(quiet time.Duration) *Monitor {
	return &Monitor{quiet: quiet, stations: make(map[string]*station)}
}

// Register starts watching a station; a rebooted controller registers again.
func (m *Monitor) Register(id string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if old, ok := m.stations[id]; ok {
		close(old.beats)
	}
	s := &station{id: id, online: true, beats: make(chan struct{}, 1)}
	m.stations[id] = s
	go m.watch(s)
}

// Beat records a heartbeat from a station.
func (m *Monitor) Beat(id string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if s, ok := m.stations[id]; ok {
		select {
		case s.beats <- struct{}{}:
		default:
		}
	}
}

func (m *Monitor) watch(s *station) {
	for {
		select {
		case _, ok := <-s.beats:
			if !ok {
				return
			}
			m.set(s, true)
		case <-time.After(m.quiet):
			m.set(s, false)
		}
	}
}

func (m *Monitor) set(s *station, online bool) {
	m.mu.Lock()
	s.online = online
	m.mu.Unlock()
}

// Close stops every watchdog.
func (m *Monitor) Close() {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, s := range m.stations {
		close(s.beats)
	}
}
