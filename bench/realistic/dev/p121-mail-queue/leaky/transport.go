package mailq

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Message is one outgoing email.
type Message struct {
	ID   string
	To   string
	Body []byte
}

// domain returns the lower-cased recipient domain.
func (m Message) domain() string {
	return strings.ToLower(m.To[strings.LastIndexByte(m.To, '@')+1:])
}

// Transport hands a message to the next hop, typically an SMTP relay.
type Transport interface {
	Send(ctx context.Context, m Message) error
}

// SMTPError is a reply code returned by a remote mail server.
type SMTPError struct {
	Code int
	Msg  string
}

func (e *SMTPError) Error() string { return fmt.Sprintf("smtp %d: %s", e.Code, e.Msg) }

// Bounce reports a message that will not be delivered.
type Bounce struct {
	Message Message
	Err     error
}

// smtpCode returns the reply code carried by err, or 0 if it has none.
func smtpCode(err error) int {
	var se *SMTPError
	if errors.As(err, &se) {
		return se.Code
	}
	return 0
}
