package session

import (
	"errors"
	"fmt"
)

var errAnonymous = errors.New("session has no user")

func (s *Session) persist() error {
	if s.user == "" {
		return errAnonymous
	}
	return nil
}

// Close saves a dirty session and ends its event pump.
func (s *Session) Close() error {
	s.mu.Lock()
	dirty := s.dirty
	s.mu.Unlock()
	if dirty {
		if err := s.persist(); err != nil {
			return fmt.Errorf("close session: %w", err)
		}
	}
	close(s.events)
	return nil
}
