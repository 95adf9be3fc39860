package mailer

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeSMTP struct {
	mu  sync.Mutex
	out []string
}

func (f *fakeSMTP) Send(ctx context.Context, m Message) error {
	time.Sleep(time.Millisecond)
	f.mu.Lock()
	defer f.mu.Unlock()
	if m.To == "" {
		return errors.New("550 no recipient")
	}
	f.out = append(f.out, m.To)
	return nil
}

func TestGracefulShutdownWithLateSubmit(t *testing.T) {
	defer goleak.VerifyNone(t)

	smtp := &fakeSMTP{}
	p := NewPool(smtp, 2, 4)
	ctx := context.Background()
	for _, to := range []string{"ana@example.com", "bo@example.com", ""} {
		if err := p.Submit(ctx, Message{To: to, Subject: "receipt"}); err != nil {
			t.Fatal(err)
		}
	}

	// SIGTERM: stop taking mail, but a request handler still in flight
	// tries to queue one more.
	p.StopAccepting()
	if err := p.Submit(ctx, Message{To: "late@example.com"}); !errors.Is(err, ErrClosed) {
		t.Fatalf("late submit: %v", err)
	}

	dctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	if err := p.Drain(dctx); err != nil {
		t.Errorf("drain: %v", err)
	}
	p.Close()

	if sent, failed := p.Stats(); sent != 2 || len(failed) != 1 {
		t.Fatalf("sent %d, failed %d", sent, len(failed))
	}
}
