package shiftplan

import (
	"context"
	"fmt"
)

// Message is an outgoing notification to a volunteer.
type Message struct {
	To      string
	Subject string
	Body    string
}

// Notifier delivers messages, typically by e-mail or SMS.
type Notifier interface {
	Send(ctx context.Context, m Message) error
}

// NotifierFunc adapts a function to the Notifier interface.
type NotifierFunc func(ctx context.Context, m Message) error

// Send calls f.
func (f NotifierFunc) Send(ctx context.Context, m Message) error { return f(ctx, m) }

func confirmation(v *Volunteer, sh *Shift) Message {
	return Message{
		To:      v.Contact,
		Subject: fmt.Sprintf("You're on the %s shift", sh.Station),
		Body: fmt.Sprintf("Thanks %s! You are confirmed for %s, %s-%s.",
			v.Name, sh.Station, sh.Start.Format("Mon Jan 2 15:04"), sh.End.Format("15:04")),
	}
}
