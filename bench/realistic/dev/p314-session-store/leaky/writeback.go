package session

import (
	"context"
	"fmt"
)

// takePendingLocked detaches the queued saves and deletes. s.mu must be held.
func (s *Store) takePendingLocked() (save []Session, del []string) {
	for id := range s.dirty {
		if sess, ok := s.sessions[id]; ok {
			save = append(save, sess.clone())
		}
	}
	for id := range s.deleted {
		del = append(del, id)
	}
	s.dirty = make(map[string]struct{})
	s.deleted = make(map[string]struct{})
	return save, del
}

func (s *Store) persist(ctx context.Context, save []Session, del []string) error {
	if len(save) > 0 {
		if err := s.cfg.Persister.Save(ctx, save); err != nil {
			return fmt.Errorf("saving %d sessions: %w", len(save), err)
		}
	}
	if len(del) > 0 {
		if err := s.cfg.Persister.Delete(ctx, del); err != nil {
			return fmt.Errorf("deleting %d sessions: %w", len(del), err)
		}
	}
	return nil
}

// writeBehind drains pending changes to the Persister as they appear.
// Failed batches are reported and not retried: the next access to a
// session marks it dirty again.
func (s *Store) writeBehind() {
	defer close(s.writerDone)
	for {
		s.mu.Lock()
		for len(s.dirty) == 0 && len(s.deleted) == 0 && !s.stopping {
			s.cond.Wait() // leak: Close returned early on a flush error without stopping the writer
		}
		if s.stopping {
			s.mu.Unlock()
			return
		}
		save, del := s.takePendingLocked()
		s.mu.Unlock()

		if err := s.persist(context.Background(), save, del); err != nil {
			s.cfg.OnError(fmt.Errorf("session: write-behind: %w", err))
		}
	}
}

// Flush synchronously writes all pending changes.
func (s *Store) Flush(ctx context.Context) error {
	if s.cfg.Persister == nil {
		return nil
	}
	s.mu.Lock()
	save, del := s.takePendingLocked()
	s.mu.Unlock()
	if err := s.persist(ctx, save, del); err != nil {
		return fmt.Errorf("session: flush: %w", err)
	}
	return nil
}

// Close stops the janitor, writes out pending changes and stops the writer.
// The Store cannot be used afterwards.
func (s *Store) Close(ctx context.Context) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return ErrClosed
	}
	s.closed = true
	s.mu.Unlock()

	close(s.stopJanitor)
	<-s.janitorDone

	if err := s.Flush(ctx); err != nil {
		return fmt.Errorf("session: close: %w", err)
	}

	s.mu.Lock()
	s.stopping = true
	s.cond.Broadcast()
	s.mu.Unlock()
	<-s.writerDone
	return nil
}
