// Package deviceflow implements the client side of the OAuth 2.0 Device
// Authorization Grant (RFC 8628) for CLIs and TVs that cannot open a browser:
// get a user code, show it, and poll the token endpoint until the user acts.
package deviceflow

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Polling interval when the server sends none (RFC 8628, section 3.2), and
// the cap on retry backoff.
const (
	DefaultInterval = 5 * time.Second
	maxBackoff      = time.Minute
)

// ErrNoPrompt is returned by New when Config.Prompt is nil.
var ErrNoPrompt = errors.New("deviceflow: Config.Prompt is required")

// Clock abstracts time for tests.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time                         { return time.Now() }
func (systemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Config configures a Client.
type Config struct {
	ClientID string
	Scopes   []string
	Endpoint Endpoint
	// Prompt shows the user code and verification URI to the user. An
	// error aborts the flow.
	Prompt func(ctx context.Context, da *DeviceAuthorization) error
	// OnStatus, if set, receives progress updates on its own goroutine, so
	// a slow UI never delays polling.
	OnStatus func(Status)
	// MaxRetries is the number of consecutive transient failures (network
	// errors, 5xx, 429) tolerated per request. Defaults to 3.
	MaxRetries int
	Clock      Clock
}

// Client runs device authorization flows.
type Client struct{ cfg Config }

// New validates cfg and returns a Client.
func New(cfg Config) (*Client, error) {
	if cfg.Prompt == nil {
		return nil, ErrNoPrompt
	}
	if cfg.MaxRetries <= 0 {
		cfg.MaxRetries = 3
	}
	if cfg.Clock == nil {
		cfg.Clock = systemClock{}
	}
	return &Client{cfg: cfg}, nil
}

// Authorize runs the whole flow and returns the issued token. Errors wrap
// ErrAccessDenied, ErrExpiredToken or ctx.Err() where applicable.
func (c *Client) Authorize(ctx context.Context) (*Token, error) {
	rep := newReporter(c.cfg.OnStatus)
	defer rep.close()

	da, err := c.requestCode(ctx, rep)
	if err != nil {
		return nil, err
	}
	if err := c.cfg.Prompt(ctx, da); err != nil {
		return nil, fmt.Errorf("deviceflow: prompt: %w", err)
	}
	return c.poll(ctx, da, rep)
}

// requestCode obtains a device code, retrying transient failures.
func (c *Client) requestCode(ctx context.Context, rep *reporter) (*DeviceAuthorization, error) {
	for attempt := 1; ; attempt++ {
		da, err := c.cfg.Endpoint.RequestCode(ctx, c.cfg.ClientID, c.cfg.Scopes)
		if err == nil {
			rep.report(Status{State: StateAwaitingUser, UserCode: da.UserCode})
			return da, nil
		}
		if !temporary(err) || attempt > c.cfg.MaxRetries {
			return nil, fmt.Errorf("deviceflow: device authorization request: %w", err)
		}
		wait := c.backoff(attempt)
		rep.report(Status{State: StateRetrying, Attempt: attempt, Wait: wait, Err: err})
		if err := c.sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("deviceflow: device authorization request: %w", err)
		}
	}
}

// poll asks for a token until the user acts, the code expires or ctx ends.
func (c *Client) poll(ctx context.Context, da *DeviceAuthorization, rep *reporter) (*Token, error) {
	interval := da.Interval
	if interval <= 0 {
		interval = DefaultInterval
	}
	var deadline time.Time
	if da.ExpiresIn > 0 {
		deadline = c.cfg.Clock.Now().Add(da.ExpiresIn)
	}
	wait, failures := interval, 0
	for {
		if !deadline.IsZero() && !c.cfg.Clock.Now().Before(deadline) {
			return nil, fmt.Errorf("deviceflow: waiting for approval: %w", ErrExpiredToken)
		}
		if err := c.sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("deviceflow: waiting for approval: %w", err)
		}
		wait = interval

		tok, err := c.cfg.Endpoint.PollToken(ctx, c.cfg.ClientID, da.DeviceCode)
		var oe *OAuthError
		switch {
		case err == nil:
			rep.report(Status{State: StateApproved})
			return tok, nil
		case errors.As(err, &oe) && oe.Code == codeAuthorizationPending:
			failures = 0
			rep.report(Status{State: StatePending})
		case errors.As(err, &oe) && oe.Code == codeSlowDown:
			// RFC 8628 3.5: add 5 seconds to this and all later intervals.
			failures = 0
			interval += 5 * time.Second
			wait = interval
			rep.report(Status{State: StateSlowDown, Wait: interval})
		case temporary(err) && failures < c.cfg.MaxRetries:
			failures++
			if b := c.backoff(failures); b > wait {
				wait = b
			}
			rep.report(Status{State: StateRetrying, Attempt: failures, Wait: wait, Err: err})
		default:
			return nil, fmt.Errorf("deviceflow: polling token endpoint: %w", err)
		}
	}
}

// backoff returns an exponential delay for the given retry attempt.
func (c *Client) backoff(attempt int) time.Duration {
	d := time.Second << uint(attempt-1)
	if d <= 0 || d > maxBackoff {
		d = maxBackoff
	}
	return d
}

func (c *Client) sleep(ctx context.Context, d time.Duration) error {
	select {
	case <-c.cfg.Clock.After(d):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
