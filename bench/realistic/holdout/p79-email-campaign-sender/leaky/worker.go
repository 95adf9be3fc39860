package campaign

import (
	"context"
	"errors"
	"net/url"
)

// deliverAll submits every recipient received on jobs until it is closed.
func (s *Sender) deliverAll(ctx context.Context, c *Campaign, jobs <-chan Recipient, rep *tally) {
	for r := range jobs { // leak: jobs is never closed when the list read fails
		switch err := s.deliver(ctx, c, r); {
		case err == nil:
			rep.add(func(r *Report) { r.Sent++ })
		case isHardBounce(err):
			if err := s.cfg.Suppressions.Add(ctx, r.Email, ReasonHardBounce); err != nil {
				s.cfg.Logf("campaign %s: suppress %s: %v", c.ID, r.Email, err)
			}
			rep.add(func(r *Report) { r.Bounced++ })
		default:
			s.cfg.Logf("campaign %s: deliver to %s: %v", c.ID, r.Email, err)
			rep.add(func(r *Report) { r.Failed++ })
		}
	}
}

// deliver renders and submits c for r, retrying temporary rejections with
// exponential backoff.
func (s *Sender) deliver(ctx context.Context, c *Campaign, r Recipient) error {
	msg := s.render(c, r)
	backoff := s.cfg.RetryBackoff
	for attempt := 1; ; attempt++ {
		id, err := s.cfg.Mailer.Send(ctx, msg)
		if err == nil {
			s.cfg.Logf("campaign %s: %s accepted as %s", c.ID, r.Email, id)
			return nil
		}
		if isHardBounce(err) || attempt >= s.cfg.MaxAttempts {
			return err
		}
		select {
		case <-s.cfg.Clock.After(backoff):
		case <-ctx.Done():
			return ctx.Err()
		}
		backoff *= 2
	}
}

func (s *Sender) render(c *Campaign, r Recipient) Message {
	tok := unsubscribeToken(s.cfg.UnsubscribeSecret, c.ID, r.Email)
	link := s.cfg.UnsubscribeURL + "?t=" + url.QueryEscape(tok)
	return Message{
		CampaignID: c.ID,
		From:       c.From,
		To:         r.Email,
		Subject:    c.Subject,
		HTMLBody:   c.HTMLBody,
		Headers: map[string]string{
			"List-Unsubscribe":      "<" + link + ">",
			"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
			"X-Campaign-ID":         c.ID,
		},
	}
}

func isHardBounce(err error) bool {
	var se *SMTPError
	return errors.As(err, &se) && se.Permanent()
}
