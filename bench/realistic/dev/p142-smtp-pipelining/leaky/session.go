// Package smtpd implements the server side of a small SMTP dialect that
// supports command pipelining (RFC 2920): the client may send a batch of
// commands without waiting for each reply.
package smtpd

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Envelope is the sender and recipients of one message.
type Envelope struct {
	From string
	To   []string
}

// Backend accepts messages once the DATA phase has finished.
type Backend interface {
	Deliver(ctx context.Context, env Envelope, body []byte) error
}

// Config describes how sessions behave.
type Config struct {
	Hostname string
	MaxSize  int // maximum message size in bytes, 0 means unlimited
	Backend  Backend
}

// errQuit ends a session cleanly after the client said QUIT.
var errQuit = errors.New("smtpd: client quit")

// session holds the state of one client connection.
type session struct {
	cfg   *Config
	ctx   context.Context
	w     *bufio.Writer
	lines <-chan line
	env   Envelope
	greet bool
}

// Serve runs one SMTP session over conn until the client quits, the
// connection ends or ctx is cancelled. The caller owns conn and closes it.
func Serve(ctx context.Context, cfg *Config, conn io.ReadWriter) error {
	s := &session{
		cfg:   cfg,
		ctx:   ctx,
		w:     bufio.NewWriter(conn),
		lines: startReader(conn),
	}
	s.reply(220, "%s ESMTP ready", cfg.Hostname)
	for {
		if err := s.w.Flush(); err != nil {
			return fmt.Errorf("smtpd: write reply: %w", err)
		}
		var ln line
		select {
		case ln = <-s.lines:
		case <-ctx.Done():
			return ctx.Err()
		}
		if ln.err != nil {
			if errors.Is(ln.err, io.EOF) {
				return nil
			}
			return fmt.Errorf("smtpd: read command: %w", ln.err)
		}
		err := s.handle(ln.text)
		if errors.Is(err, errQuit) {
			return s.w.Flush()
		}
		if err != nil {
			return err
		}
	}
}

// reply queues a reply; replies are flushed before the next command is
// awaited, so a pipelined batch gets its replies in one write.
func (s *session) reply(code int, format string, args ...interface{}) {
	fmt.Fprintf(s.w, "%d %s\r\n", code, fmt.Sprintf(format, args...))
}

// readBody collects the message text up to the lone "." line, undoing
// dot-stuffing on the way.
func (s *session) readBody() ([]byte, error) {
	var b strings.Builder
	for {
		ln, ok := <-s.lines
		if !ok {
			return nil, io.ErrUnexpectedEOF
		}
		if ln.err != nil {
			return nil, fmt.Errorf("smtpd: read body: %w", ln.err)
		}
		if ln.text == "." {
			return []byte(b.String()), nil
		}
		b.WriteString(strings.TrimPrefix(ln.text, "."))
		b.WriteString("\r\n")
		if s.cfg.MaxSize > 0 && b.Len() > s.cfg.MaxSize {
			return nil, errTooBig
		}
	}
}
