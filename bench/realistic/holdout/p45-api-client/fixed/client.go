// Package apiclient is a small SDK for the Acme billing REST API. It paces requests
// to stay under the API's quota, retries transient failures and walks listings.
package apiclient

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// ErrNotFound is returned by lookups that found nothing.
var ErrNotFound = errors.New("acme api: not found")

// APIError is returned for responses the API rejected.
type APIError struct {
	Status int
	Body   string
}

func (e *APIError) Error() string { return fmt.Sprintf("acme api: status %d: %s", e.Status, e.Body) }

// Client talks to the Acme API.
type Client struct {
	base       *url.URL
	hc         *http.Client
	pacer      *pacer
	maxRetries int
	backoff    time.Duration
}

// Option configures a Client.
type Option func(*Client)

// WithHTTPClient replaces the default HTTP client.
func WithHTTPClient(hc *http.Client) Option { return func(c *Client) { c.hc = hc } }

// WithRateLimit spaces requests so that at most perSecond are sent each second.
func WithRateLimit(perSecond int) Option { return func(c *Client) { c.pacer = newPacer(perSecond) } }

// WithRetries sets how many times a transient failure is retried and the
// initial backoff between attempts, which doubles after each attempt.
func WithRetries(n int, backoff time.Duration) Option {
	return func(c *Client) { c.maxRetries, c.backoff = n, backoff }
}

// New returns a client for the API rooted at baseURL.
func New(baseURL string, opts ...Option) (*Client, error) {
	u, err := url.Parse(baseURL)
	if err != nil {
		return nil, fmt.Errorf("acme api: bad base url: %w", err)
	}
	c := &Client{
		base:       u,
		hc:         &http.Client{Timeout: 30 * time.Second},
		pacer:      newPacer(10),
		maxRetries: 3,
		backoff:    200 * time.Millisecond,
	}
	for _, o := range opts {
		o(c)
	}
	return c, nil
}

// getJSON fetches path with the query q and decodes the response body into
// out, retrying on network errors, 429 and 5xx responses.
func (c *Client) getJSON(ctx context.Context, path string, q url.Values, out interface{}) error {
	u := c.base.ResolveReference(&url.URL{Path: path, RawQuery: q.Encode()})
	wait := c.backoff
	var lastErr error
	for attempt := 0; attempt <= c.maxRetries; attempt++ {
		if attempt > 0 {
			if err := sleepCtx(ctx, wait); err != nil {
				return fmt.Errorf("acme api: %w (last error: %v)", err, lastErr)
			}
			wait *= 2
		}
		if err := c.pacer.wait(ctx); err != nil {
			return fmt.Errorf("acme api: rate limiter: %w", err)
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
		if err != nil {
			return fmt.Errorf("acme api: %w", err)
		}
		resp, err := c.hc.Do(req)
		if err != nil {
			lastErr = err
			continue
		}
		body, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
		resp.Body.Close()
		switch {
		case err != nil:
			lastErr = err
		case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
			lastErr = &APIError{Status: resp.StatusCode, Body: string(body)}
		case resp.StatusCode >= 400:
			return &APIError{Status: resp.StatusCode, Body: string(body)}
		default:
			if err := json.Unmarshal(body, out); err != nil {
				return fmt.Errorf("acme api: decoding %s: %w", path, err)
			}
			return nil
		}
	}
	return fmt.Errorf("acme api: giving up after %d attempts: %w", c.maxRetries+1, lastErr)
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
