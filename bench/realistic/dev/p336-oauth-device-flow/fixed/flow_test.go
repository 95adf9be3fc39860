package deviceflow

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// fakeClock advances virtual time on every After call and fires at once.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	waits []time.Duration
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
	c.waits = append(c.waits, d)
	ch := make(chan time.Time, 1)
	ch <- c.now
	return ch
}

// scriptedEndpoint replays canned responses in order.
type scriptedEndpoint struct {
	mu    sync.Mutex
	codes []error
	polls []error
	da    *DeviceAuthorization
	token *Token
}

func (e *scriptedEndpoint) RequestCode(ctx context.Context, clientID string, scopes []string) (*DeviceAuthorization, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.codes) > 0 {
		err := e.codes[0]
		e.codes = e.codes[1:]
		return nil, err
	}
	return e.da, nil
}

func (e *scriptedEndpoint) PollToken(ctx context.Context, clientID, deviceCode string) (*Token, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.polls) > 0 {
		err := e.polls[0]
		e.polls = e.polls[1:]
		return nil, err
	}
	return e.token, nil
}

func TestAuthorize(t *testing.T) {
	defer goleak.VerifyNone(t)

	clock := &fakeClock{now: time.Unix(1700000000, 0)}
	ep := &scriptedEndpoint{
		da: &DeviceAuthorization{DeviceCode: "dc-1", UserCode: "WDJB-MJHT", ExpiresIn: 15 * time.Minute, Interval: 5 * time.Second},
		polls: []error{
			&OAuthError{Code: codeAuthorizationPending},
			&OAuthError{Code: codeSlowDown},
			&OAuthError{Code: codeAuthorizationPending},
		},
		token: &Token{AccessToken: "at-123", TokenType: "Bearer"},
	}
	var shown string
	c, err := New(Config{
		ClientID: "cli",
		Endpoint: ep,
		Clock:    clock,
		Prompt: func(ctx context.Context, da *DeviceAuthorization) error {
			shown = da.UserCode
			return nil
		},
		OnStatus: func(Status) {},
	})
	if err != nil {
		t.Fatal(err)
	}

	tok, err := c.Authorize(context.Background())
	if err != nil {
		t.Fatalf("authorize: %v", err)
	}
	if tok.AccessToken != "at-123" || shown != "WDJB-MJHT" {
		t.Fatalf("token = %+v, shown code %q", tok, shown)
	}
	want := []time.Duration{5 * time.Second, 5 * time.Second, 10 * time.Second, 10 * time.Second}
	if len(clock.waits) != len(want) {
		t.Fatalf("waits = %v, want %v", clock.waits, want)
	}
	for i := range want {
		if clock.waits[i] != want[i] {
			t.Errorf("wait %d = %v, want %v", i, clock.waits[i], want[i])
		}
	}

	// A misconfigured client is rejected after a transient outage.
	ep = &scriptedEndpoint{
		codes: []error{
			&StatusError{StatusCode: 503},
			&OAuthError{Code: "invalid_client", Description: "unknown client_id"},
		},
	}
	c, err = New(Config{
		ClientID: "cli",
		Endpoint: ep,
		Clock:    &fakeClock{now: time.Unix(1700000000, 0)},
		Prompt: func(ctx context.Context, da *DeviceAuthorization) error {
			t.Error("prompt called without a device code")
			return nil
		},
		OnStatus: func(Status) {},
	})
	if err != nil {
		t.Fatal(err)
	}

	_, err = c.Authorize(context.Background())
	var oe *OAuthError
	if !errors.As(err, &oe) || oe.Code != "invalid_client" {
		t.Fatalf("authorize: err = %v, want invalid_client", err)
	}
}
