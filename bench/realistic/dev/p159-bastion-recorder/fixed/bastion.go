package bastion

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"
)

// ErrDenied is returned when policy does not allow a user to reach a host.
var ErrDenied = errors.New("access denied")

// Session is one operator connection asking to reach Target.
type Session struct {
	ID     string
	User   string
	Target string
	// Client receives what the target prints.
	Client io.Writer
}

// Dialer opens the upstream shell on a target host.
type Dialer interface {
	Dial(ctx context.Context, target string) (io.ReadCloser, error)
}

// Policy decides who may reach which host.
type Policy func(user, target string) bool

// SinkFunc opens the storage for a new recording.
type SinkFunc func(sessionID string) (io.WriteCloser, error)

// Bastion relays sessions and records them.
type Bastion struct {
	dial   Dialer
	allow  Policy
	sinks  SinkFunc
	banner string
}

// New returns a Bastion.
func New(d Dialer, allow Policy, sinks SinkFunc) *Bastion {
	return &Bastion{dial: d, allow: allow, sinks: sinks, banner: "Authorized use only.\r\n"}
}

// Serve relays the target's output to the client until the target closes
// the connection. Every session is recorded, including refused ones, so that
// audits also see who tried to go where.
func (b *Bastion) Serve(ctx context.Context, s Session) (err error) {
	sink, err := b.sinks(s.ID)
	if err != nil {
		return fmt.Errorf("bastion %s: open recording: %w", s.ID, err)
	}
	defer sink.Close()

	rec, err := NewRecorder(sink, map[string]string{
		"session": s.ID,
		"user":    s.User,
		"target":  s.Target,
		"started": time.Now().UTC().Format(time.RFC3339),
	})
	if err != nil {
		return fmt.Errorf("bastion %s: %w", s.ID, err)
	}
	defer func() {
		if cerr := rec.Close(); err == nil {
			err = cerr
		}
	}()
	out := io.MultiWriter(s.Client, rec)

	if !b.allow(s.User, s.Target) {
		fmt.Fprintf(s.Client, "%s may not connect to %s\r\n", s.User, s.Target)
		return fmt.Errorf("bastion %s: %s -> %s: %w", s.ID, s.User, s.Target, ErrDenied)
	}

	upstream, err := b.dial.Dial(ctx, s.Target)
	if err != nil {
		return fmt.Errorf("bastion %s: dial %s: %w", s.ID, s.Target, err)
	}
	defer upstream.Close()

	io.WriteString(out, b.banner)
	if _, err := io.Copy(out, upstream); err != nil {
		return fmt.Errorf("bastion %s: relay: %w", s.ID, err)
	}
	return nil
}
