// Package campaign sends email campaigns. Delivery is rate limited per
// recipient domain, temporary delivery failures are retried with
// exponential backoff, and recipients on the suppression list (people who
// unsubscribed, or whole domains that asked not to be mailed) are skipped.
package campaign

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/url"
	"strings"
	"time"
)

// Recipient is one addressee of a campaign.
type Recipient struct {
	Email string
	Name  string
}

// Campaign is a message to be sent to a list of recipients.
type Campaign struct {
	ID         string
	From       string
	Subject    string
	Body       string // "{{name}}" is replaced by the recipient's name
	Recipients []Recipient
}

// Message is a single rendered email.
type Message struct {
	From, To, Subject, Body string
	Headers                 map[string]string
}

// Mailer delivers messages, typically over SMTP or an HTTP API. Errors
// that implement Temporary() bool and report true are retried.
type Mailer interface {
	Send(ctx context.Context, m Message) error
}

// Clock abstracts time so tests can run without waiting.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
	NewTicker(d time.Duration) Ticker
}

// Ticker is the part of time.Ticker the package uses.
type Ticker interface {
	C() <-chan time.Time
	Stop()
}

// Config configures a Sender.
type Config struct {
	// DomainRate is the number of messages per second sent to any one
	// recipient domain, and DomainBurst how many may be sent at once.
	DomainRate  float64
	DomainBurst int
	// MaxAttempts is the number of delivery attempts per message (default 3).
	MaxAttempts int
	// RetryBackoff is the delay before the first retry; it doubles for each
	// later one (default 30s).
	RetryBackoff time.Duration
	// SuppressionRefresh is how often the suppression list is reloaded
	// (default 5m).
	SuppressionRefresh time.Duration
	// UnsubscribeURL is the base of the List-Unsubscribe link.
	UnsubscribeURL string
}

// Report summarizes a sent campaign.
type Report struct {
	Sent, Suppressed, Invalid, Failed int
	// Errors holds the reason for every invalid or failed recipient.
	Errors map[string]error
}

func (r *Report) fail(addr string, err error) {
	if r.Errors == nil {
		r.Errors = make(map[string]error)
	}
	r.Errors[addr] = err
}

// Option configures optional Sender dependencies.
type Option func(*Sender)

// WithClock replaces the system clock.
func WithClock(c Clock) Option { return func(s *Sender) { s.clock = c } }

// WithLogger sets a logger for background errors.
func WithLogger(l *log.Logger) Option { return func(s *Sender) { s.logger = l } }

// Sender sends campaigns. It is safe for concurrent use; Close stops its
// background suppression list refresh.
type Sender struct {
	cfg         Config
	mailer      Mailer
	clock       Clock
	logger      *log.Logger
	limits      *domainLimiter
	suppression *suppressionList
}

// New returns a Sender. It loads the suppression list before returning.
func New(ctx context.Context, cfg Config, m Mailer, store SuppressionStore, opts ...Option) (*Sender, error) {
	if m == nil || store == nil {
		return nil, errors.New("campaign: mailer and suppression store are required")
	}
	if cfg.DomainRate <= 0 || cfg.DomainBurst <= 0 {
		return nil, errors.New("campaign: domain rate and burst must be positive")
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 3
	}
	if cfg.RetryBackoff <= 0 {
		cfg.RetryBackoff = 30 * time.Second
	}
	if cfg.SuppressionRefresh <= 0 {
		cfg.SuppressionRefresh = 5 * time.Minute
	}
	s := &Sender{cfg: cfg, mailer: m, clock: systemClock{}}
	for _, opt := range opts {
		opt(s)
	}
	s.limits = newDomainLimiter(s.clock, cfg.DomainRate, cfg.DomainBurst)
	s.suppression = newSuppressionList(store, s.clock, s.logger)
	if err := s.suppression.refresh(ctx); err != nil {
		return nil, fmt.Errorf("campaign: %w", err)
	}
	go s.suppression.run(cfg.SuppressionRefresh)
	return s, nil
}

// Close stops the background work of the Sender.
func (s *Sender) Close() {
	s.suppression.close()
}

// Send delivers c to every recipient that is not suppressed. Delivery
// failures are recorded in the report; only the end of ctx stops Send early.
func (s *Sender) Send(ctx context.Context, c Campaign) (Report, error) {
	var rep Report
	for _, r := range c.Recipients {
		if err := ctx.Err(); err != nil {
			return rep, fmt.Errorf("campaign %s: %w", c.ID, err)
		}
		suppressed, err := s.suppression.contains(r.Email)
		if err != nil {
			rep.Invalid++
			rep.fail(r.Email, err)
			continue
		}
		if suppressed {
			rep.Suppressed++
			continue
		}
		if err := s.deliver(ctx, s.render(c, r)); err != nil {
			if ctx.Err() != nil {
				return rep, fmt.Errorf("campaign %s: %w", c.ID, ctx.Err())
			}
			rep.Failed++
			rep.fail(r.Email, err)
			continue
		}
		rep.Sent++
	}
	return rep, nil
}

func (s *Sender) render(c Campaign, r Recipient) Message {
	name := r.Name
	if name == "" {
		name = "there"
	}
	m := Message{
		From:    c.From,
		To:      r.Email,
		Subject: c.Subject,
		Body:    strings.ReplaceAll(c.Body, "{{name}}", name),
		Headers: map[string]string{"X-Campaign-ID": c.ID},
	}
	if s.cfg.UnsubscribeURL != "" {
		q := url.Values{"c": {c.ID}, "e": {r.Email}}
		m.Headers["List-Unsubscribe"] = "<" + s.cfg.UnsubscribeURL + "?" + q.Encode() + ">"
		m.Headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
	}
	return m
}

// deliver sends m, retrying temporary failures with exponential backoff.
func (s *Sender) deliver(ctx context.Context, m Message) error {
	domain := domainPart(m.To)
	backoff := s.cfg.RetryBackoff
	var err error
	for attempt := 1; attempt <= s.cfg.MaxAttempts; attempt++ {
		if werr := s.limits.wait(ctx, domain); werr != nil {
			return werr
		}
		if err = s.mailer.Send(ctx, m); err == nil {
			return nil
		}
		var tmp interface{ Temporary() bool }
		if !errors.As(err, &tmp) || !tmp.Temporary() {
			return fmt.Errorf("send to %s: %w", m.To, err)
		}
		if attempt == s.cfg.MaxAttempts {
			break
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-s.clock.After(backoff):
		}
		backoff *= 2
	}
	return fmt.Errorf("send to %s: giving up after %d attempts: %w", m.To, s.cfg.MaxAttempts, err)
}

type systemClock struct{}

func (systemClock) Now() time.Time                         { return time.Now() }
func (systemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }
func (systemClock) NewTicker(d time.Duration) Ticker       { return realTicker{time.NewTicker(d)} }

type realTicker struct{ t *time.Ticker }

func (r realTicker) C() <-chan time.Time { return r.t.C }
func (r realTicker) Stop()               { r.t.Stop() }
