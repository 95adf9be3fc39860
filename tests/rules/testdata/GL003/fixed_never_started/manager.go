// Package tasks runs named tasks on a schedule. Adding a task to a started manager
// wakes its loop with a send on `changed`; a manager never started has no loop and
// sends nothing. The tests build managers they never start: `started` stays false
// (FRESH_OBJECT_FLAGS), and `notify` mirrors it (MIRRORED_LOCAL).
package tasks

import (
	"sync"
	"time"
)

type Task func() error

type Manager struct {
	mu      sync.Mutex
	tasks   map[string]Task
	started bool
	changed chan bool
	stop    chan bool
	every   time.Duration
}

func NewManager() *Manager {
	return &Manager{tasks: map[string]Task{}, changed: make(chan bool), stop: make(chan bool), started: false}
}

func (m *Manager) Start() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.started {
		return
	}
	m.started = true
	go m.run()
}

func (m *Manager) run() {
	for {
		select {
		case <-time.After(m.every):
			m.runAll()
		case <-m.changed:
		case <-m.stop:
			return
		}
	}
}

func (m *Manager) runAll() {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, t := range m.tasks {
		_ = t()
	}
}

func (m *Manager) Add(name string, t Task) {
	notify := false
	m.mu.Lock()
	m.tasks[name] = t
	if m.started {
		notify = true
	}
	m.mu.Unlock()
	if notify {
		go func() {
			m.changed <- true
		}()
	}
}

type Server struct {
	started bool
	done    chan struct{}
}

// WaitForDone returns at once for a server that never started.
func (s *Server) WaitForDone() {
	if !s.started {
		return
	}
	<-s.done
}
