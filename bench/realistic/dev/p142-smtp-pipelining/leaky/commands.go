package smtpd

import (
	"errors"
	"strings"
)

var errTooBig = errors.New("smtpd: message exceeds size limit")

// handle executes one command line.
func (s *session) handle(text string) error {
	verb, arg := text, ""
	if i := strings.IndexByte(text, ' '); i >= 0 {
		verb, arg = text[:i], strings.TrimSpace(text[i+1:])
	}
	switch strings.ToUpper(verb) {
	case "EHLO", "HELO":
		s.greet = true
		s.env = Envelope{}
		s.reply(250, "%s greets %s, PIPELINING", s.cfg.Hostname, arg)
	case "MAIL":
		if !s.greet {
			s.reply(503, "say EHLO first")
			return nil
		}
		s.env = Envelope{From: addrArg(arg, "FROM:")}
		s.reply(250, "sender ok")
	case "RCPT":
		if s.env.From == "" {
			s.reply(503, "need MAIL first")
			return nil
		}
		s.env.To = append(s.env.To, addrArg(arg, "TO:"))
		s.reply(250, "recipient ok")
	case "DATA":
		return s.data()
	case "RSET":
		s.env = Envelope{}
		s.reply(250, "reset")
	case "NOOP":
		s.reply(250, "ok")
	case "QUIT":
		s.reply(221, "bye")
		return errQuit
	default:
		s.reply(500, "unrecognized command %q", verb)
	}
	return nil
}

// data runs the DATA phase and hands the message to the backend.
func (s *session) data() error {
	if len(s.env.To) == 0 {
		s.reply(503, "need RCPT first")
		return nil
	}
	s.reply(354, "end data with <CR><LF>.<CR><LF>")
	if err := s.w.Flush(); err != nil {
		return err
	}
	body, err := s.readBody()
	if errors.Is(err, errTooBig) {
		s.reply(552, "message too big")
		return err
	}
	if err != nil {
		return err
	}
	if err := s.cfg.Backend.Deliver(s.ctx, s.env, body); err != nil {
		s.reply(451, "delivery failed: %v", err)
	} else {
		s.reply(250, "queued")
	}
	s.env = Envelope{}
	return nil
}

// addrArg extracts the address from "FROM:<a@b>" style arguments.
func addrArg(arg, prefix string) string {
	if len(arg) >= len(prefix) && strings.EqualFold(arg[:len(prefix)], prefix) {
		arg = arg[len(prefix):]
	}
	return strings.Trim(strings.TrimSpace(arg), "<>")
}
