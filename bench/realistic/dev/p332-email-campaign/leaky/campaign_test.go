package campaign

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// fakeClock advances its time whenever someone waits on it, and ticks only
// when the test says so.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	ticks chan time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2024, 5, 6, 9, 0, 0, 0, time.UTC), ticks: make(chan time.Time)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	ch := make(chan time.Time, 1)
	ch <- c.now
	return ch
}

func (c *fakeClock) NewTicker(d time.Duration) Ticker { return fakeTicker{c.ticks} }

// tick delivers one tick; it returns once the ticker's reader has it.
func (c *fakeClock) tick() { c.ticks <- c.Now() }

type fakeTicker struct{ c chan time.Time }

func (t fakeTicker) C() <-chan time.Time { return t.c }
func (t fakeTicker) Stop()               {}

type fakeStore struct {
	mu      sync.Mutex
	entries []string
}

func (s *fakeStore) Suppressed(ctx context.Context) ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.entries...), nil
}

type tempErr struct{}

func (tempErr) Error() string   { return "421 try again later" }
func (tempErr) Temporary() bool { return true }

// fakeMailer fails the first flaky[addr] attempts to addr temporarily.
type fakeMailer struct {
	mu    sync.Mutex
	flaky map[string]int
	sent  []Message
}

func (m *fakeMailer) Send(ctx context.Context, msg Message) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.flaky[msg.To] > 0 {
		m.flaky[msg.To]--
		return tempErr{}
	}
	m.sent = append(m.sent, msg)
	return nil
}

func TestSendSkipsSuppressedAndInvalidRecipients(t *testing.T) {
	defer goleak.VerifyNone(t)

	ctx := context.Background()
	clock := newFakeClock()
	store := &fakeStore{entries: []string{"carol@example.org", "@no-marketing.example"}}
	mailer := &fakeMailer{flaky: map[string]int{"dave@example.com": 1}}
	s, err := New(ctx, Config{
		DomainRate:     2,
		DomainBurst:    1,
		RetryBackoff:   time.Second,
		UnsubscribeURL: "https://mail.example.com/unsubscribe",
	}, mailer, store, WithClock(clock))
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	rep, err := s.Send(ctx, Campaign{
		ID:      "spring-sale",
		From:    "news@shop.example",
		Subject: "Spring sale",
		Body:    "Hi {{name}}, everything is 20% off.",
		Recipients: []Recipient{
			{Email: "alice@example.com", Name: "Alice"},
			{Email: "bob at example.com", Name: "Bob"},
			{Email: "Carol@Example.org", Name: "Carol"},
			{Email: "dave@example.com", Name: "Dave"},
			{Email: "erin@no-marketing.example", Name: "Erin"},
			{Email: "frank@example.net"},
		},
	})
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	if rep.Sent != 3 || rep.Suppressed != 2 || rep.Invalid != 1 || rep.Failed != 0 {
		t.Errorf("report = %+v, want 3 sent, 2 suppressed, 1 invalid", rep)
	}
	if err := rep.Errors["bob at example.com"]; !errors.Is(err, ErrInvalidAddress) {
		t.Errorf("error for invalid address = %v, want ErrInvalidAddress", err)
	}
	if len(mailer.sent) != 3 || mailer.sent[0].Headers["List-Unsubscribe"] == "" {
		t.Errorf("sent %+v, want 3 messages with List-Unsubscribe", mailer.sent)
	}

	// Alice unsubscribes; the next scheduled refresh picks it up.
	store.mu.Lock()
	store.entries = append(store.entries, "alice@example.com")
	store.mu.Unlock()
	clock.tick()

	s.Close()
}
