package fixed_session

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
	defer close(s.events) // the pump ends whether or not the session could be saved
	s.mu.Lock()
	dirty := s.dirty
	s.mu.Unlock()
	if dirty {
		if err := s.persist(); err != nil {
			return fmt.Errorf("close session: %w", err)
		}
	}
	return nil
}
