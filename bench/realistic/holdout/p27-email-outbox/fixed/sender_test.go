package mailer

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type greylisted struct{}

func (greylisted) Error() string   { return "451 4.7.1 greylisted, try again later" }
func (greylisted) Temporary() bool { return true }

type fakeSMTP struct {
	mu       sync.Mutex
	attempts int
	sent     []Message
}

func (f *fakeSMTP) Send(ctx context.Context, m Message) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.attempts++
	if f.attempts == 1 {
		return greylisted{}
	}
	f.sent = append(f.sent, m)
	return nil
}

func (f *fakeSMTP) delivered() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.sent)
}

func TestShutdownAfterDelivery(t *testing.T) {
	defer goleak.VerifyNone(t)
	smtp := &fakeSMTP{}
	s := New(smtp, WithConcurrency(4), WithRate(time.Millisecond), WithRetries(2, time.Millisecond),
		WithErrorHandler(func(m Message, err error) { t.Errorf("undelivered: %v", err) }))

	if err := s.Enqueue(Message{From: "noreply@example.com", To: []string{"ana@example.com"}, Subject: "Welcome"}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(time.Second)
	for smtp.delivered() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("message never delivered")
		}
		time.Sleep(time.Millisecond)
	}

	s.Shutdown()
	if err := s.Enqueue(Message{To: []string{"bo@example.com"}}); !errors.Is(err, ErrShuttingDown) {
		t.Fatalf("Enqueue after Shutdown = %v, want ErrShuttingDown", err)
	}
	if smtp.attempts != 2 {
		t.Fatalf("transport saw %d attempts, want 2 (one greylisted, one accepted)", smtp.attempts)
	}
}
