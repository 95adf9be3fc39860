// Package bounce processes the bounce mailbox of a bulk mail sender: it
// reads each message, classifies the delivery failures it reports and
// updates the suppression list so that dead addresses stop receiving mail.
package bounce

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"time"
)

// ErrMalformed marks messages that cannot be parsed as mail at all.
var ErrMalformed = errors.New("bounce: malformed message")

// Folders that handled messages are filed into.
const (
	ProcessedFolder  = "Processed"
	IgnoredFolder    = "Ignored"    // auto-replies and other non-bounces
	QuarantineFolder = "Quarantine" // messages that cannot be parsed
)

// FetchError reports a failure to retrieve a message from the mailbox.
type FetchError struct {
	ID  string
	Err error
}

func (e *FetchError) Error() string { return fmt.Sprintf("bounce: fetching %s: %v", e.ID, e.Err) }
func (e *FetchError) Unwrap() error { return e.Err }

// Config configures a Processor. Mailbox and Store are required.
type Config struct {
	Mailbox Mailbox
	Store   Store
	Clock   Clock

	// SoftBounceLimit is the number of soft bounces after which an address
	// is suppressed for SoftSuppressFor. Defaults 3 and 72h.
	SoftBounceLimit int
	SoftSuppressFor time.Duration

	Logf func(format string, args ...interface{})
}

// Summary describes one Run.
type Summary struct {
	Messages, Hard, Soft, Ignored, Quarantined int
	Suppressed                                 []string
}

// Processor drains the bounce mailbox. Runs must not overlap.
type Processor struct {
	cfg Config
}

// New returns a Processor for cfg.
func New(cfg Config) (*Processor, error) {
	if cfg.Mailbox == nil || cfg.Store == nil {
		return nil, errors.New("bounce: Config.Mailbox and Config.Store are required")
	}
	if cfg.Clock == nil {
		cfg.Clock = realClock{}
	}
	if cfg.SoftBounceLimit <= 0 {
		cfg.SoftBounceLimit = 3
	}
	if cfg.SoftSuppressFor <= 0 {
		cfg.SoftSuppressFor = 72 * time.Hour
	}
	return &Processor{cfg: cfg}, nil
}

// Run processes every message in the mailbox. Unparseable messages are
// quarantined; a failing mailbox or store stops the run, leaving the
// current message in place for the next one.
func (p *Processor) Run(ctx context.Context) (Summary, error) {
	var sum Summary
	ids, err := p.cfg.Mailbox.List(ctx)
	if err != nil {
		return sum, fmt.Errorf("bounce: listing mailbox: %w", err)
	}
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		folder, err := p.process(ctx, id, &sum)
		if err != nil {
			return sum, err
		}
		if err := p.cfg.Mailbox.Move(ctx, id, folder); err != nil {
			return sum, fmt.Errorf("bounce: moving %s to %s: %w", id, folder, err)
		}
		sum.Messages++
	}
	return sum, nil
}

// process handles one message and returns the folder it belongs in.
func (p *Processor) process(ctx context.Context, id string, sum *Summary) (string, error) {
	msg, err := p.fetch(ctx, id)
	if errors.Is(err, ErrMalformed) {
		p.logf("bounce: quarantining %s: %v", id, err)
		sum.Quarantined++
		return QuarantineFolder, nil
	}
	if err != nil {
		return "", err
	}
	defer msg.Close()

	bounces, err := Classify(msg.Header, msg.Body)
	if errors.Is(err, ErrNotBounce) {
		sum.Ignored++
		return IgnoredFolder, nil
	}
	if err != nil {
		p.logf("bounce: quarantining %s: %v", id, err)
		sum.Quarantined++
		return QuarantineFolder, nil
	}
	for _, b := range bounces {
		if err := p.apply(ctx, b, sum); err != nil {
			return "", fmt.Errorf("bounce: message %s: %w", id, err)
		}
	}
	return ProcessedFolder, nil
}

// apply records one bounce in the suppression store.
func (p *Processor) apply(ctx context.Context, b Bounce, sum *Summary) error {
	reason := fmt.Sprintf("bounce %s %s", b.Status, b.Diagnostic)
	switch b.Kind {
	case Hard:
		sum.Hard++
		if err := p.cfg.Store.Suppress(ctx, b.Recipient, reason, time.Time{}); err != nil {
			return fmt.Errorf("suppressing %s: %w", b.Recipient, err)
		}
		sum.Suppressed = append(sum.Suppressed, b.Recipient)
	case Soft:
		sum.Soft++
		now := p.cfg.Clock.Now()
		n, err := p.cfg.Store.RecordSoftBounce(ctx, b.Recipient, now)
		if err != nil {
			return fmt.Errorf("recording soft bounce for %s: %w", b.Recipient, err)
		}
		if n >= p.cfg.SoftBounceLimit {
			if err := p.cfg.Store.Suppress(ctx, b.Recipient, reason, now.Add(p.cfg.SoftSuppressFor)); err != nil {
				return fmt.Errorf("suppressing %s: %w", b.Recipient, err)
			}
			sum.Suppressed = append(sum.Suppressed, b.Recipient)
		}
	}
	return nil
}

// message is a fetched mail whose body is still streaming from the mailbox.
type message struct {
	Header mail.Header
	Body   io.Reader
	pr     *io.PipeReader
}

func (m *message) Close() error { return m.pr.Close() }

// fetch streams message id out of the mailbox and parses its header. Bounces
// often carry the whole original message, so the body is never buffered.
func (p *Processor) fetch(ctx context.Context, id string) (*message, error) {
	pr, pw := io.Pipe()
	go func() {
		if err := p.cfg.Mailbox.Fetch(ctx, id, pw); err != nil {
			pw.CloseWithError(&FetchError{ID: id, Err: err})
			return
		}
		pw.Close()
	}()

	m, err := mail.ReadMessage(bufio.NewReader(pr))
	if err != nil {
		pr.CloseWithError(err)
		var fe *FetchError
		if errors.As(err, &fe) {
			return nil, fe
		}
		return nil, fmt.Errorf("%w %s: %v", ErrMalformed, id, err)
	}
	return &message{Header: m.Header, Body: m.Body, pr: pr}, nil
}

func (p *Processor) logf(format string, args ...interface{}) {
	if p.cfg.Logf != nil {
		p.cfg.Logf(format, args...)
	}
}
