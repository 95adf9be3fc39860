package selfsendcallerscontext

import "context"

// The goroutine posts with the context it was started with: cancelling it releases
// the post.
type Mailbox struct {
	inbox chan string
	seen  []string
}

func Start(ctx context.Context) *Mailbox {
	m := &Mailbox{inbox: make(chan string)}
	go m.run(ctx)
	return m
}

func (m *Mailbox) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case msg := <-m.inbox:
			m.dispatch(ctx, msg)
		}
	}
}

func (m *Mailbox) dispatch(ctx context.Context, msg string) {
	m.seen = append(m.seen, msg)
	if msg == "bounce" {
		_ = m.Post(ctx, "bounced")
	}
}

func (m *Mailbox) Post(ctx context.Context, msg string) error {
	select {
	case m.inbox <- msg:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
