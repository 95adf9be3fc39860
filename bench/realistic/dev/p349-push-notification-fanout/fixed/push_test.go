package push

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeProvider struct {
	name  string
	stale map[string]bool
	sent  chan []Message
}

func newFakeProvider(name string, stale ...string) *fakeProvider {
	p := &fakeProvider{name: name, stale: make(map[string]bool), sent: make(chan []Message, 16)}
	for _, t := range stale {
		p.stale[t] = true
	}
	return p
}

func (p *fakeProvider) SendBatch(ctx context.Context, msgs []Message) ([]Result, error) {
	out := make([]Result, len(msgs))
	for i, m := range msgs {
		out[i].Token = m.Token
		if p.stale[m.Token] {
			out[i].Err = fmt.Errorf("%s: 404 Unregistered: %w", p.name, ErrUnregistered)
		}
	}
	cp := append([]Message(nil), msgs...)
	p.sent <- cp
	return out, nil
}

// tokens waits until n messages have been handed to the provider.
func (p *fakeProvider) tokens(t *testing.T, n int) []string {
	t.Helper()
	var got []string
	for len(got) < n {
		select {
		case batch := <-p.sent:
			for _, m := range batch {
				got = append(got, m.Token)
			}
		case <-time.After(time.Second):
			t.Fatalf("%s: got %d of %d messages", p.name, len(got), n)
		}
	}
	return got
}

type fakeStore struct {
	mu      sync.Mutex
	removed []string
}

func (s *fakeStore) Invalidate(ctx context.Context, platform Platform, token string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.removed = append(s.removed, string(platform)+"/"+token)
	return nil
}

type discard struct{}

func (discard) Printf(string, ...interface{}) {}

func TestRotateProviderCredentials(t *testing.T) {
	defer goleak.VerifyNone(t)

	store := &fakeStore{}
	s := New(store, WithMaxBatch(10), WithLogger(discard{}))

	first := newFakeProvider("fcm-key-1")
	if err := s.Register(FCM, first); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := s.Send(ctx, Message{Platform: FCM, Token: "token-aaaa-0001", Title: "hi"}); err != nil {
		t.Fatal(err)
	}
	first.tokens(t, 1)

	// Credentials rotated: the new provider takes over the platform.
	second := newFakeProvider("fcm-key-2", "token-dead-0002")
	if err := s.Register(FCM, second); err != nil {
		t.Fatal(err)
	}
	err := s.Send(ctx,
		Message{Platform: FCM, Token: "token-dead-0002", Title: "hi"},
		Message{Platform: FCM, Token: "token-bbbb-0003", Title: "hi"},
	)
	if err != nil {
		t.Fatal(err)
	}
	second.tokens(t, 2)

	if err := s.Send(ctx, Message{Platform: APNs, Token: "x"}); !errors.Is(err, ErrNoProvider) {
		t.Fatalf("send to unregistered platform: got %v, want ErrNoProvider", err)
	}

	closeCtx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	if err := s.Close(closeCtx); err != nil {
		t.Fatal(err)
	}
	if err := s.Send(ctx, Message{Platform: FCM, Token: "y"}); !errors.Is(err, ErrClosed) {
		t.Fatalf("send after close: got %v, want ErrClosed", err)
	}

	st := s.Stats()
	if st.Failed != 1 || st.Invalidated != 1 {
		t.Fatalf("stats = %+v, want 1 failed and 1 invalidated", st)
	}
	store.mu.Lock()
	defer store.mu.Unlock()
	if len(store.removed) != 1 || store.removed[0] != "fcm/token-dead-0002" {
		t.Fatalf("invalidated tokens = %v", store.removed)
	}
}
