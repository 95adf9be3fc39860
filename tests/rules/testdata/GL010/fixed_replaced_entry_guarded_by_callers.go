package signalling

import "sync"

// run: m := NewMonitor([]string{"A1", "A2"}); m.Reconfigure([]string{"A2", "B1"}); m.Reconfigure([]string{"B1"}); m.Close()

// section is one supervised track section with a worker of its own.
type section struct {
	id     string
	events chan string
	done   chan struct{}
}

// Monitor keeps one worker per track section.
type Monitor struct {
	mu       sync.Mutex
	sections map[string]*section
	seen     int
}

// NewMonitor starts a worker for each section of the layout (the layout names each
// section once).
func NewMonitor(layout []string) *Monitor {
	m := &Monitor{sections: make(map[string]*section, len(layout))}
	for _, id := range layout {
		m.startSection(id)
	}
	return m
}

// startSection must be called with m.mu held, for a section that has no worker yet.
func (m *Monitor) startSection(id string) {
	s := &section{id: id, events: make(chan string, 8), done: make(chan struct{})}
	m.sections[id] = s
	go m.run(s)
}

func (m *Monitor) run(s *section) {
	defer close(s.done)
	for range s.events {
		m.mu.Lock()
		m.seen++
		m.mu.Unlock()
	}
}

// Reconfigure starts workers for new sections and stops those no longer supervised.
func (m *Monitor) Reconfigure(layout []string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	keep := make(map[string]bool, len(layout))
	for _, id := range layout {
		keep[id] = true
		if _, ok := m.sections[id]; !ok {
			m.startSection(id)
		}
	}
	for id, s := range m.sections {
		if !keep[id] {
			close(s.events)
			delete(m.sections, id)
		}
	}
}

// Close stops every worker and waits for it.
func (m *Monitor) Close() {
	m.mu.Lock()
	sections := m.sections
	m.sections = nil
	m.mu.Unlock()
	for _, s := range sections {
		close(s.events)
	}
	for _, s := range sections {
		<-s.done
	}
}
