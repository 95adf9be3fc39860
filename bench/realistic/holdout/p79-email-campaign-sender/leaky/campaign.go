// Package campaign sends email campaigns, honouring send rates, bounces and unsubscribes.
package campaign

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Campaign is one mailing to one list.
type Campaign struct {
	ID, ListID, From, Subject, HTMLBody string
}

// Recipient is a list member.
type Recipient struct{ Email, Name string }

// Message is a fully rendered email handed to the Mailer.
type Message struct {
	CampaignID string
	From       string
	To         string
	Subject    string
	HTMLBody   string
	Headers    map[string]string
}

// Mailer hands messages to an SMTP relay or email service provider.
type Mailer interface {
	// Send submits msg. Rejections are reported as *SMTPError.
	Send(ctx context.Context, msg Message) (messageID string, err error)
}

// RecipientSource pages through mailing list members.
type RecipientSource interface {
	Recipients(ctx context.Context, listID string) (RecipientIterator, error)
}

// RecipientIterator yields list members. Next returns io.EOF after the last.
type RecipientIterator interface {
	Next(ctx context.Context) (Recipient, error)
	Close() error
}

// Reason is why an address is suppressed.
type Reason string

// Suppression reasons.
const (
	ReasonUnsubscribed Reason = "unsubscribed"
	ReasonHardBounce   Reason = "hard_bounce"
	ReasonComplaint    Reason = "complaint"
)

// SuppressionList records addresses that must not be mailed.
type SuppressionList interface {
	Lookup(ctx context.Context, email string) (Reason, bool, error)
	Add(ctx context.Context, email string, reason Reason) error
}

// Clock abstracts time for tests.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time                         { return time.Now() }
func (systemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// SMTPError is a rejection from the receiving server.
type SMTPError struct {
	Code    int
	Message string
}

func (e *SMTPError) Error() string { return fmt.Sprintf("smtp %d: %s", e.Code, e.Message) }

// Permanent reports whether the rejection is a hard bounce.
func (e *SMTPError) Permanent() bool { return e.Code >= 500 }

// ErrBadToken is returned for unsubscribe tokens that fail verification.
var ErrBadToken = errors.New("campaign: invalid unsubscribe token")

// unsubscribeToken returns a token binding email to campaignID.
func unsubscribeToken(secret []byte, campaignID, email string) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(campaignID + "\x00" + strings.ToLower(email)))
	return campaignID + "." + hex.EncodeToString([]byte(email)) + "." + hex.EncodeToString(mac.Sum(nil))
}

// parseUnsubscribeToken verifies tok and returns the address it names.
func parseUnsubscribeToken(secret []byte, tok string) (string, error) {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return "", ErrBadToken
	}
	raw, err := hex.DecodeString(parts[1])
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrBadToken, err)
	}
	email := string(raw)
	want := unsubscribeToken(secret, parts[0], email)
	if !hmac.Equal([]byte(want), []byte(tok)) {
		return "", ErrBadToken
	}
	return email, nil
}
