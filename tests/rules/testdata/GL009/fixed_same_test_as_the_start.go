package swarm

import "time"

type Config struct {
	GCPeriodicity time.Duration
}

// Simple collects garbage periodically only when configured to; Close stops the
// collector under the same test that started it.
type Simple struct {
	config     Config
	halt       chan struct{}
	closeError chan error
	runs       int
}

func New(config Config) *Simple {
	s := &Simple{config: config}
	if config.GCPeriodicity > 0 {
		s.halt = make(chan struct{})
		s.closeError = make(chan error)
		go s.run()
	}
	return s
}

func (s *Simple) Close() error {
	if s.config.GCPeriodicity > 0 {
		close(s.halt)
		return <-s.closeError
	}
	return nil
}

func (s *Simple) run() {
	for {
		select {
		case <-time.After(s.config.GCPeriodicity):
			s.runs++
		case <-s.halt:
			s.closeError <- nil
			return
		}
	}
}
