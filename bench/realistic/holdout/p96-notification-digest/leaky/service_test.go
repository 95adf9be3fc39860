package digest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type manualTicker struct{ ch chan time.Time }

func (t manualTicker) C() <-chan time.Time { return t.ch }
func (t manualTicker) Stop()               {}

type manualClock struct {
	mu     sync.Mutex
	now    time.Time
	ticker manualTicker
}

func newManualClock(start time.Time) *manualClock {
	return &manualClock{now: start, ticker: manualTicker{ch: make(chan time.Time)}}
}

func (c *manualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *manualClock) NewTicker(time.Duration) Ticker { return c.ticker }

// tick advances the clock and hands the tick to the service loop, returning
// once the loop has taken it.
func (c *manualClock) tick(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	now := c.now
	c.mu.Unlock()
	c.ticker.ch <- now
}

type staticDirectory map[string]Recipient

func (d staticDirectory) Lookup(ctx context.Context, userID string) (Recipient, error) {
	r, ok := d[userID]
	if !ok {
		return Recipient{}, fmt.Errorf("user %q: %w", userID, ErrPermanent)
	}
	return r, nil
}

type sentMessage struct {
	to      Recipient
	subject string
	body    string
}

// mailer accepts mail for everyone except addresses in full, which it
// refuses at RCPT time without reading the message.
type mailer struct {
	full map[string]bool
	sent chan sentMessage
}

func (m *mailer) Send(ctx context.Context, to Recipient, subject string, body io.Reader) error {
	if m.full[to.Address] {
		return fmt.Errorf("552 mailbox full: %w", ErrPermanent)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	m.sent <- sentMessage{to: to, subject: subject, body: string(b)}
	return nil
}

func TestDigestsFlushAfterWindow(t *testing.T) {
	defer goleak.VerifyNone(t)

	start := time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)
	clock := newManualClock(start)
	mail := &mailer{full: map[string]bool{"bob@example.com": true}, sent: make(chan sentMessage, 4)}
	dropped := make(chan error, 4)
	svc, err := New(Config{
		Directory: staticDirectory{
			"alice": {Name: "Alice", Address: "alice@example.com"},
			"bob":   {Name: "Bob", Address: "bob@example.com"},
			"carol": {Name: "Carol", Address: "carol@example.com", DigestsOff: true},
		},
		Sender: mail,
		Clock:  clock,
		Window: 10 * time.Minute,
		OnError: func(user string, err error) {
			dropped <- fmt.Errorf("%s: %w", user, err)
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	svc.Start()

	for _, e := range []Event{
		{UserID: "alice", Kind: "comment", Title: "Dana commented on your post", URL: "https://ex.am/p/1"},
		{UserID: "bob", Kind: "follow", Title: "Eve followed you"},
		{UserID: "alice", Kind: "mention", Title: "Frank mentioned you"},
		{UserID: "carol", Kind: "follow", Title: "Gus followed you"},
	} {
		if err := svc.Notify(e); err != nil {
			t.Fatal(err)
		}
	}

	clock.tick(5 * time.Minute) // nothing due yet
	clock.tick(6 * time.Minute)

	msg := <-mail.sent
	if msg.to.Address != "alice@example.com" || msg.subject != "2 new notifications" {
		t.Fatalf("sent %q to %s", msg.subject, msg.to.Address)
	}
	for _, want := range []string{"Hi Alice", "Dana commented on your post <https://ex.am/p/1>", "Frank mentioned you"} {
		if !strings.Contains(msg.body, want) {
			t.Errorf("body lacks %q:\n%s", want, msg.body)
		}
	}
	if err := <-dropped; !errors.Is(err, ErrPermanent) || !strings.HasPrefix(err.Error(), "bob:") {
		t.Fatalf("dropped: %v", err)
	}

	if err := svc.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := svc.Notify(Event{UserID: "alice", Title: "late"}); !errors.Is(err, ErrClosed) {
		t.Fatalf("Notify after Close: %v", err)
	}
	select {
	case msg := <-mail.sent:
		t.Fatalf("unexpected message to %s", msg.to.Address)
	default:
	}
}
