package mailer

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

type memSource map[string]RawTemplate

func (s memSource) Lookup(_ context.Context, name, locale string) (RawTemplate, error) {
	t, ok := s[name+"/"+locale]
	if !ok {
		return RawTemplate{}, ErrTemplateNotFound
	}
	return t, nil
}

// blockingTransport records the first message it is asked to send and holds
// every send until the mailer cancels it.
type blockingTransport struct {
	started chan *Message
}

func (tr *blockingTransport) Send(ctx context.Context, m *Message) error {
	select {
	case tr.started <- m:
	default:
	}
	<-ctx.Done()
	return ctx.Err()
}

type errorLog struct {
	mu   sync.Mutex
	errs []error
}

func (l *errorLog) add(_ *Message, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.errs = append(l.errs, err)
}

func (l *errorLog) snapshot() []error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]error(nil), l.errs...)
}

func TestCloseWhileCampaignIsThrottled(t *testing.T) {
	defer goleak.VerifyNone(t)

	src := memSource{
		"digest/en": {Subject: "Your weekly digest", Body: "Hi, {{.Topic}} news inside."},
		"digest/fr": {Subject: "Votre résumé", Body: "Bonjour, nouvelles {{.Topic}}."},
	}
	tr := &blockingTransport{started: make(chan *Message, 1)}
	full := make(chan struct{}, 1)
	var log errorLog

	m := New(Config{
		From:      "news@example.com",
		Workers:   1,
		QueueSize: 1,
		OnError:   log.add,
		OnQueueFull: func() {
			select {
			case full <- struct{}{}:
			default:
			}
		},
	}, src, tr)

	ctx := context.Background()
	data := map[string]any{"Topic": "Go"}
	if err := m.Broadcast(ctx, Campaign{
		ID:         "c1",
		Template:   "digest",
		Data:       data,
		Recipients: []Recipient{{Address: "ana@example.com", Locale: "fr"}},
	}); err != nil {
		t.Fatalf("Broadcast c1: %v", err)
	}
	first := <-tr.started
	if !strings.Contains(first.Body, "nouvelles Go") {
		t.Fatalf("unexpected body %q", first.Body)
	}

	// The only worker is busy, so the second campaign fills the queue and
	// its producer has to wait for space.
	if err := m.Broadcast(ctx, Campaign{
		ID:       "c2",
		Template: "digest",
		Data:     data,
		Recipients: []Recipient{
			{Address: "bob@example.com", Locale: "en"},
			{Address: "eve@example.com", Locale: "de"},
		},
	}); err != nil {
		t.Fatalf("Broadcast c2: %v", err)
	}
	<-full

	if err := m.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	var canceled, closed int
	for _, err := range log.snapshot() {
		switch {
		case errors.Is(err, context.Canceled):
			canceled++
		case errors.Is(err, ErrClosed):
			closed++
		}
	}
	if canceled != 1 || closed < 1 {
		t.Fatalf("got %d canceled and %d closed errors, want 1 and at least 1", canceled, closed)
	}
}
