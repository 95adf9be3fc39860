package campaign

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
)

// Config configures a Sender.
type Config struct {
	Mailer            Mailer
	Recipients        RecipientSource
	Suppressions      SuppressionList
	UnsubscribeSecret []byte  // signs List-Unsubscribe tokens; required
	UnsubscribeURL    string  // base URL tokens are appended to
	RatePerSecond     float64 // cap on submissions; zero means unlimited
	Concurrency       int     // parallel submissions; default 4
	MaxAttempts       int     // attempts on temporary failures; default 3
	// RetryBackoff is the first retry delay, doubled per attempt; default 30s.
	RetryBackoff time.Duration
	Clock        Clock
	Logf         func(format string, args ...interface{})
}

// Report summarizes a campaign run.
type Report struct {
	Sent, Suppressed, Bounced, Failed int
}

// Sender runs campaigns.
type Sender struct {
	cfg      Config
	throttle *throttle
}

// New returns a Sender for cfg.
func New(cfg Config) (*Sender, error) {
	if cfg.Mailer == nil || cfg.Recipients == nil || cfg.Suppressions == nil {
		return nil, errors.New("campaign: Mailer, Recipients and Suppressions are required")
	}
	if len(cfg.UnsubscribeSecret) == 0 {
		return nil, errors.New("campaign: UnsubscribeSecret is required")
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 4
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 3
	}
	if cfg.RetryBackoff <= 0 {
		cfg.RetryBackoff = 30 * time.Second
	}
	if cfg.Clock == nil {
		cfg.Clock = systemClock{}
	}
	if cfg.Logf == nil {
		cfg.Logf = func(string, ...interface{}) {}
	}
	return &Sender{cfg: cfg, throttle: newThrottle(cfg.Clock, cfg.RatePerSecond)}, nil
}

// Run sends c to every member of its list who is not suppressed. It returns
// the report so far together with any error that stopped the run.
func (s *Sender) Run(ctx context.Context, c Campaign) (Report, error) {
	it, err := s.cfg.Recipients.Recipients(ctx, c.ListID)
	if err != nil {
		return Report{}, fmt.Errorf("campaign %s: open list %s: %w", c.ID, c.ListID, err)
	}
	defer it.Close()

	rep := &tally{}
	jobs := make(chan Recipient)
	var wg sync.WaitGroup
	for i := 0; i < s.cfg.Concurrency; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.deliverAll(ctx, &c, jobs, rep)
		}()
	}

	err = s.feed(ctx, &c, it, jobs, rep)
	if err != nil {
		return rep.snapshot(), fmt.Errorf("campaign %s: %w", c.ID, err)
	}
	close(jobs)
	wg.Wait()
	return rep.snapshot(), ctx.Err()
}

// feed reads the list and hands deliverable recipients to the workers at the
// configured rate. It stops early, without error, when ctx is done.
func (s *Sender) feed(ctx context.Context, c *Campaign, it RecipientIterator, jobs chan<- Recipient, rep *tally) error {
	for {
		r, err := it.Next(ctx)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading list %s: %w", c.ListID, err)
		}
		reason, suppressed, err := s.cfg.Suppressions.Lookup(ctx, r.Email)
		if err != nil {
			// Never mail someone we cannot prove is still subscribed.
			s.cfg.Logf("campaign %s: suppression lookup for %s: %v", c.ID, r.Email, err)
			rep.add(func(r *Report) { r.Failed++ })
			continue
		}
		if suppressed {
			s.cfg.Logf("campaign %s: skipping %s (%s)", c.ID, r.Email, reason)
			rep.add(func(r *Report) { r.Suppressed++ })
			continue
		}
		if err := s.throttle.wait(ctx); err != nil {
			return nil
		}
		select {
		case jobs <- r:
		case <-ctx.Done():
			return nil
		}
	}
}

// HandleUnsubscribe processes a List-Unsubscribe request carrying tok.
func (s *Sender) HandleUnsubscribe(ctx context.Context, tok string) error {
	email, err := parseUnsubscribeToken(s.cfg.UnsubscribeSecret, tok)
	if err != nil {
		return err
	}
	if err := s.cfg.Suppressions.Add(ctx, email, ReasonUnsubscribed); err != nil {
		return fmt.Errorf("campaign: unsubscribe %s: %w", email, err)
	}
	return nil
}

// HandleBounce processes an asynchronous delivery status notification.
// Soft bounces are ignored; the provider keeps retrying those.
func (s *Sender) HandleBounce(ctx context.Context, email string, code int, complaint bool) error {
	reason := ReasonHardBounce
	if complaint {
		reason = ReasonComplaint
	} else if code < 500 {
		return nil
	}
	if err := s.cfg.Suppressions.Add(ctx, email, reason); err != nil {
		return fmt.Errorf("campaign: record %s for %s: %w", reason, email, err)
	}
	return nil
}

// tally is a Report shared by concurrent workers.
type tally struct {
	mu  sync.Mutex
	rep Report
}

func (t *tally) add(f func(*Report)) {
	t.mu.Lock()
	f(&t.rep)
	t.mu.Unlock()
}

func (t *tally) snapshot() Report {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.rep
}

// throttle spaces out submissions to at most rate per second.
type throttle struct {
	clock    Clock
	interval time.Duration

	mu   sync.Mutex
	next time.Time
}

func newThrottle(c Clock, rate float64) *throttle {
	t := &throttle{clock: c}
	if rate > 0 {
		t.interval = time.Duration(float64(time.Second) / rate)
	}
	return t
}

func (t *throttle) wait(ctx context.Context) error {
	if t.interval == 0 {
		return ctx.Err()
	}
	t.mu.Lock()
	now := t.clock.Now()
	slot := t.next
	if slot.Before(now) {
		slot = now
	}
	t.next = slot.Add(t.interval)
	t.mu.Unlock()

	select {
	case <-t.clock.After(slot.Sub(now)):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
