package sms

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Message is an outbound SMS or MMS.
type Message struct {
	// ID is the caller's identifier for the message; receipts are reported
	// against it.
	ID   string
	To   string
	From string
	Text string
	// Media turns the message into an MMS.
	Media []Attachment
	// Validity is how long carriers should keep retrying delivery.
	Validity time.Duration
}

// Attachment is a media part of an MMS.
type Attachment struct {
	ContentType string
	Data        []byte
}

// Submission records which carrier accepted a message.
type Submission struct {
	MessageID  string
	Carrier    string
	CarrierRef string
	Attempts   int
	AcceptedAt time.Time
}

// ErrAllCarriersFailed is wrapped by the error Send returns when no carrier
// accepted the message.
var ErrAllCarriersFailed = errors.New("sms: all carriers failed")

// ErrInvalidMessage is wrapped by validation errors.
var ErrInvalidMessage = errors.New("sms: invalid message")

// Config configures a Gateway.
type Config struct {
	// Carriers in order of preference. At least one is required.
	Carriers []Carrier
	// Cooldown is how long a throttled carrier is skipped. Defaults to 30s.
	Cooldown time.Duration
	// MaxTextLength limits message text, in characters. Defaults to 1600.
	MaxTextLength int
	// Clock defaults to the system clock.
	Clock Clock
	// OnReceipt, if set, is called for every receipt handled.
	OnReceipt func(Delivery)
}

// Gateway sends messages through the configured carriers.
type Gateway struct {
	cfg      Config
	receipts *receiptTracker

	mu            sync.Mutex
	cooldownUntil map[string]time.Time
}

// New returns a Gateway for cfg.
func New(cfg Config) (*Gateway, error) {
	if len(cfg.Carriers) == 0 {
		return nil, errors.New("sms: no carriers configured")
	}
	if cfg.Cooldown <= 0 {
		cfg.Cooldown = 30 * time.Second
	}
	if cfg.MaxTextLength <= 0 {
		cfg.MaxTextLength = 1600
	}
	if cfg.Clock == nil {
		cfg.Clock = systemClock{}
	}
	return &Gateway{
		cfg:           cfg,
		receipts:      newReceiptTracker(),
		cooldownUntil: make(map[string]time.Time),
	}, nil
}

// Send submits msg to the first carrier that accepts it. Carriers in
// cooldown are skipped unless every carrier is cooling down, in which case
// all are tried in order.
func (g *Gateway) Send(ctx context.Context, msg Message) (Submission, error) {
	if err := g.validate(msg); err != nil {
		return Submission{}, err
	}

	var failures []string
	var lastErr error
	for i, c := range g.candidates() {
		ref, err := submit(ctx, c, msg)
		if err == nil {
			now := g.cfg.Clock.Now()
			g.receipts.track(msg.ID, c.Name(), ref, now)
			return Submission{
				MessageID:  msg.ID,
				Carrier:    c.Name(),
				CarrierRef: ref,
				Attempts:   i + 1,
				AcceptedAt: now,
			}, nil
		}
		if errors.Is(err, ErrInvalidRecipient) {
			return Submission{}, fmt.Errorf("send %s: %w", msg.ID, err)
		}
		if errors.Is(err, ErrThrottled) {
			g.coolDown(c.Name())
		}
		if ctxErr := ctx.Err(); ctxErr != nil {
			return Submission{}, fmt.Errorf("send %s: %w", msg.ID, ctxErr)
		}
		failures = append(failures, err.Error())
		lastErr = err
	}
	return Submission{}, fmt.Errorf("send %s: %w (%s): last error: %v",
		msg.ID, ErrAllCarriersFailed, strings.Join(failures, "; "), lastErr)
}

func (g *Gateway) validate(msg Message) error {
	switch {
	case msg.ID == "":
		return fmt.Errorf("%w: missing ID", ErrInvalidMessage)
	case !strings.HasPrefix(msg.To, "+") || len(msg.To) < 8:
		return fmt.Errorf("%w: recipient %q is not in E.164 format", ErrInvalidMessage, msg.To)
	case msg.Text == "" && len(msg.Media) == 0:
		return fmt.Errorf("%w: empty message", ErrInvalidMessage)
	case utf8.RuneCountInString(msg.Text) > g.cfg.MaxTextLength:
		return fmt.Errorf("%w: text longer than %d characters", ErrInvalidMessage, g.cfg.MaxTextLength)
	}
	return nil
}

// candidates returns the carriers to try, in order: healthy carriers in
// preference order, or every carrier if all are cooling down.
func (g *Gateway) candidates() []Carrier {
	now := g.cfg.Clock.Now()
	g.mu.Lock()
	defer g.mu.Unlock()
	out := make([]Carrier, 0, len(g.cfg.Carriers))
	for _, c := range g.cfg.Carriers {
		if until, ok := g.cooldownUntil[c.Name()]; ok && now.Before(until) {
			continue
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return append(out, g.cfg.Carriers...)
	}
	return out
}

func (g *Gateway) coolDown(name string) {
	until := g.cfg.Clock.Now().Add(g.cfg.Cooldown)
	g.mu.Lock()
	g.cooldownUntil[name] = until
	g.mu.Unlock()
}
