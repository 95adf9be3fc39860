package clinic

import (
	"context"
	"fmt"
)

// reminderLoop periodically reminds owners of appointments starting within
// the configured lead time. It runs until the scheduler is closed.
func (s *Scheduler) reminderLoop() {
	defer s.wg.Done()
	for {
		select {
		case <-s.ctx.Done():
			return
		case <-s.clock.After(s.cfg.ReminderInterval):
		}
		if err := s.sendDueReminders(s.ctx); err != nil && s.ctx.Err() == nil {
			s.log.Printf("clinic: reminders: %v", err)
		}
	}
}

// sendDueReminders reminds every owner whose appointment starts within the
// lead window and has not been reminded yet.
func (s *Scheduler) sendDueReminders(ctx context.Context) error {
	now := s.clock.Now()
	due, err := s.store.Appointments(ctx, now, now.Add(s.cfg.ReminderLead))
	if err != nil {
		return err
	}
	for _, a := range due {
		if a.Reminded || a.Start.Before(now) {
			continue
		}
		if err := s.notifier.Remind(ctx, a); err != nil {
			return fmt.Errorf("remind %s about %s: %w", a.Owner, a.ID, err)
		}
		a.Reminded = true
		if err := s.store.SaveAppointment(ctx, a); err != nil {
			return fmt.Errorf("mark %s reminded: %w", a.ID, err)
		}
	}
	return nil
}
