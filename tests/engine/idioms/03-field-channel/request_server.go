package request_server

import (
	"encoding/json"
	"fmt"
	"os"
	"sync"
)

// run: s := NewServer("/nonexistent/state.json"); s.Start(); s.Submit("warm-up"); _ = s.Stop()

type request struct {
	id string
}

// Server handles requests on one goroutine until Stop.
type Server struct {
	statePath string
	reqs      chan request
	quit      chan struct{}
	mu        sync.Mutex
	served    []string
}

func NewServer(statePath string) *Server {
	return &Server{statePath: statePath, reqs: make(chan request, 8), quit: make(chan struct{})}
}

func (s *Server) Start() {
	go s.serve()
}

func (s *Server) serve() {
	for {
		select { // want "blocks forever"
		case r := <-s.reqs:
			s.mu.Lock()
			s.served = append(s.served, r.id)
			s.mu.Unlock()
		case <-s.quit:
			return
		}
	}
}

// Submit queues a request without waiting for it.
func (s *Server) Submit(id string) {
	s.reqs <- request{id: id}
}

func (s *Server) checkpoint() error {
	s.mu.Lock()
	data, err := json.Marshal(s.served)
	s.mu.Unlock()
	if err != nil {
		return err
	}
	return os.WriteFile(s.statePath, data, 0o644)
}

// Stop saves what was served, then stops the serving goroutine.
func (s *Server) Stop() error {
	if err := s.checkpoint(); err != nil {
		return fmt.Errorf("stop: %w", err)
	}
	close(s.quit)
	return nil
}
