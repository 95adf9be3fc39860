package jobs

import (
	"context"
	"fmt"
)

// Poster delivers a human-readable line, e.g. to a chat webhook.
type Poster func(line string) error

// Notifier posts a summary whenever a job finishes.
type Notifier struct {
	t    *Tracker
	post Poster
	stop chan struct{}
	done chan struct{}
}

// StartNotifier consumes t's events until Shutdown.
func StartNotifier(t *Tracker, post Poster) *Notifier {
	n := &Notifier{t: t, post: post, stop: make(chan struct{}), done: make(chan struct{})}
	go n.run()
	return n
}

func (n *Notifier) run() {
	defer close(n.done)
	for {
		select {
		case ev := <-n.t.Events():
			if !ev.To.terminal() {
				continue
			}
			_ = n.post(fmt.Sprintf("job %s %s", ev.Job, ev.To))
			c := n.t.Counts()
			_ = n.post(fmt.Sprintf("queue: %d pending, %d running", c[Pending], c[Running]))
		case <-n.stop:
			return
		}
	}
}

// Shutdown stops the notifier, waiting at most until ctx is done.
func (n *Notifier) Shutdown(ctx context.Context) error {
	close(n.stop)
	select {
	case <-n.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
