package loyalty

import (
	"context"
	"fmt"
	"strings"
)

// expiryNotice is the data behind a points-expired message.
type expiryNotice struct {
	memberID string
	points   int64
}

// notifyExpired schedules a points-expired notification for a member.
func (s *Service) notifyExpired(memberID string, points int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	s.inflight.Add(1)
	go s.deliver(expiryNotice{memberID: memberID, points: points})
	return nil
}

// deliver looks up the member, renders and sends the notice. Failures are
// logged: a lost notification must never fail or crash the expiry run.
func (s *Service) deliver(n expiryNotice) {
	defer s.inflight.Done()
	defer func() {
		if r := recover(); r != nil {
			s.cfg.Logf("loyalty: notify %s: panic: %v", n.memberID, r)
		}
	}()

	ctx, cancel := context.WithTimeout(context.Background(), s.cfg.SendTimeout)
	defer cancel()

	if err := s.send(ctx, n); err != nil {
		s.cfg.Logf("loyalty: notify %s: %v", n.memberID, err)
	}
}

func (s *Service) send(ctx context.Context, n expiryNotice) error {
	m, err := s.store.Member(ctx, n.memberID)
	if err != nil {
		return fmt.Errorf("load member: %w", err)
	}
	msg, ok := render(m, n)
	if !ok {
		return nil
	}
	if err := s.notifier.Send(ctx, msg); err != nil {
		return fmt.Errorf("send via %s: %w", msg.Channel, err)
	}
	return nil
}

// render builds the message for a member. It reports false if the member
// opted out of notifications.
func render(m Member, n expiryNotice) (Message, bool) {
	if m.Prefs.OptOut {
		return Message{}, false
	}
	channel := m.Prefs.Channel
	if channel == "" {
		channel = "email"
	}
	name := m.Name
	if name == "" {
		name = "member"
	}
	var subject, body string
	switch strings.ToLower(m.Prefs.Locale) {
	case "es", "es-mx", "es-us":
		subject = "Tus puntos han vencido"
		body = fmt.Sprintf("Hola %s, %d puntos de tu cuenta han vencido.", name, n.points)
	default:
		subject = "Your points have expired"
		body = fmt.Sprintf("Hi %s, %d points in your account have expired.", name, n.points)
	}
	if channel == "sms" {
		subject = ""
	}
	return Message{MemberID: m.ID, Channel: channel, Subject: subject, Body: body}, true
}
