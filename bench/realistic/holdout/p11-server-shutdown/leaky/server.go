// Package jobsrv accepts jobs, runs each in its own goroutine and reports failures.
package jobsrv

import (
	"errors"
	"log"
	"sync"
)

// Job is a request to do some work.
type Job struct {
	ID  string
	Run func() error
}

// Server runs jobs until Shutdown.
type Server struct {
	jobs chan Job
	errs chan error
	quit chan struct{}
	done chan struct{}

	mu     sync.Mutex
	failed []error
	logf   func(string, ...any)
}

// NewServer starts the server loop.
func NewServer() *Server {
	s := &Server{
		jobs: make(chan Job),
		errs: make(chan error),
		quit: make(chan struct{}),
		done: make(chan struct{}),
		logf: log.Printf,
	}
	go s.loop()
	return s
}

// ErrStopped is returned by Submit after Shutdown.
var ErrStopped = errors.New("jobsrv: stopped")

// Submit hands a job to the server.
func (s *Server) Submit(j Job) error {
	select {
	case s.jobs <- j:
		return nil
	case <-s.quit:
		return ErrStopped
	}
}
