package flags

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// restOnly is a flag server without the streaming endpoint.
type restOnly struct {
	mu    sync.Mutex
	flags map[string]Flag
}

func (s *restOnly) set(f Flag) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.flags[f.Key] = f
}

func (s *restOnly) Fetch(ctx context.Context) ([]Flag, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var all []Flag
	for _, f := range s.flags {
		all = append(all, f)
	}
	return all, nil
}

func (s *restOnly) Subscribe(ctx context.Context) (Stream, error) {
	return nil, fmt.Errorf("GET /v1/stream: 404: %w", ErrStreamingUnsupported)
}

func TestFallsBackToPolling(t *testing.T) {
	defer goleak.VerifyNone(t)

	srv := &restOnly{flags: map[string]Flag{"new-checkout": {Key: "new-checkout", Version: 1}}}
	c := NewClient(srv, WithPollInterval(5*time.Millisecond))
	if err := c.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer c.Close()

	if c.Enabled("new-checkout") {
		t.Fatal("flag on before it was enabled")
	}
	srv.set(Flag{Key: "new-checkout", Enabled: true, Version: 2})

	deadline := time.Now().Add(time.Second)
	for !c.Enabled("new-checkout") {
		if time.Now().After(deadline) {
			t.Fatal("polling never picked up the change")
		}
		time.Sleep(time.Millisecond)
	}
	if !c.Polling() {
		t.Error("client should report polling mode")
	}
}
