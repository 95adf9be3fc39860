package udp

import (
	"errors"
	"sync"
)

type Service struct {
	mu   sync.Mutex
	wg   sync.WaitGroup
	done chan struct{}
	conn interface{ Close() error }
}

func (s *Service) Open(read func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.done = make(chan struct{})
	s.wg.Add(1)
	go s.serve(read)
}

// serve polls: its select has a default, so it never waits on `s.done`
// (NEVER_PARKS_WITH_DEFAULT).
func (s *Service) serve(read func()) {
	defer s.wg.Done()
	for {
		select {
		case <-s.done:
			return
		default:
			read()
		}
	}
}

func (s *Service) Close() error {
	if s.conn == nil {
		return errors.New("not open")
	}
	close(s.done)
	s.wg.Wait()
	return s.conn.Close()
}
