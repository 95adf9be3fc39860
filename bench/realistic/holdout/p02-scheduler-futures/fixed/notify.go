package sched

import "context"

// Notifier sends notifications through the scheduler without waiting for them.
type Notifier struct {
	s    *Scheduler
	send func(ctx context.Context, to, msg string) error
}

// NewNotifier wraps send.
func NewNotifier(s *Scheduler, send func(ctx context.Context, to, msg string) error) *Notifier {
	return &Notifier{s: s, send: send}
}

// Notify queues a message; failures are only logged by send itself.
func (n *Notifier) Notify(ctx context.Context, to, msg string) {
	n.s.Submit(ctx, "notify "+to, func(ctx context.Context) (string, error) {
		return to, n.send(ctx, to, msg)
	})
}
