package bounce

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/mail"
	"time"
)

// Recorder stores a bounce, typically by adding the recipient to a
// suppression list.
type Recorder func(ctx context.Context, b Bounce) error

// Stats counts what one poll did.
type Stats struct {
	Bounces int
	Soft    int
	Ignored int
}

// Option configures a Processor.
type Option func(*Processor)

// WithInterval sets how often Run polls the mailbox.
func WithInterval(d time.Duration) Option { return func(p *Processor) { p.interval = d } }

// WithLogger sets where Run reports failed polls.
func WithLogger(l *log.Logger) Option { return func(p *Processor) { p.log = l } }

// Processor polls a bounce mailbox and records the hard bounces it finds.
type Processor struct {
	box      Mailbox
	record   Recorder
	interval time.Duration
	log      *log.Logger
}

// NewProcessor returns a processor reading from box.
func NewProcessor(box Mailbox, record Recorder, opts ...Option) *Processor {
	p := &Processor{box: box, record: record, interval: time.Minute, log: log.Default()}
	for _, o := range opts {
		o(p)
	}
	return p
}

// Run polls until ctx is done.
func (p *Processor) Run(ctx context.Context) error {
	t := time.NewTicker(p.interval)
	defer t.Stop()
	for {
		if _, err := p.PollOnce(ctx); err != nil {
			p.log.Printf("bounce poll: %v", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

// PollOnce handles every message currently in the mailbox. Bounces are
// deleted once recorded; other mail is left for a human to read.
func (p *Processor) PollOnce(ctx context.Context) (Stats, error) {
	var st Stats
	ids, err := p.box.List(ctx)
	if err != nil {
		return st, fmt.Errorf("list mailbox: %w", err)
	}
	for _, id := range ids {
		b, err := p.inspect(ctx, id)
		if errors.Is(err, errNotBounce) {
			st.Ignored++
			continue
		}
		if err != nil {
			return st, fmt.Errorf("message %s: %w", id, err)
		}
		if !b.Hard() {
			st.Soft++
		} else if err := p.record(ctx, b); err != nil {
			return st, fmt.Errorf("record bounce for %s: %w", b.Recipient, err)
		} else {
			st.Bounces++
		}
		if err := p.box.Delete(ctx, id); err != nil {
			return st, fmt.Errorf("delete %s: %w", id, err)
		}
	}
	return st, nil
}

// inspect reads one message and extracts the bounce it reports.
func (p *Processor) inspect(ctx context.Context, id string) (Bounce, error) {
	body := openMessage(ctx, p.box, id)
	defer body.Close()
	msg, err := mail.ReadMessage(body)
	if err != nil {
		return Bounce{}, fmt.Errorf("read headers: %w", err)
	}
	boundary, err := reportBoundary(msg.Header)
	if err != nil {
		return Bounce{}, err
	}
	b, err := parseReport(msg.Body, boundary)
	if err != nil {
		return Bounce{}, err
	}
	b.MessageID = id
	return b, nil
}
