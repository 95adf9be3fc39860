// Package rpcclient is a small RPC client that propagates the caller's
// deadline to the server, retries transient failures with exponential
// backoff and can hedge idempotent calls against slow replicas.
package rpcclient

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strconv"
	"time"
)

// Request is a single attempt as handed to the Transport.
type Request struct {
	Method string
	Header map[string]string
	// Body streams the encoded arguments.
	Body io.Reader
}

// Response is the server's answer to one Request.
type Response struct {
	Code Code
	Body io.ReadCloser
}

// Transport delivers requests to a server, for example over a pooled
// connection. RoundTrip returns once the whole response has arrived or the
// attempt failed; it must honour ctx.
type Transport interface {
	RoundTrip(ctx context.Context, req *Request) (*Response, error)
}

// Clock is the time source used for deadlines, backoff and hedging.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time                         { return time.Now() }
func (systemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Options configures a Client. Zero values select the defaults.
type Options struct {
	// Codec defaults to JSONCodec.
	Codec Codec
	// MaxAttempts bounds the number of attempts per call. Default 3.
	MaxAttempts int
	// BaseBackoff is the wait before the second attempt; it doubles for
	// every further attempt up to MaxBackoff. Defaults 25ms and 1s.
	BaseBackoff time.Duration
	MaxBackoff  time.Duration
	// DefaultTimeout applies to calls whose context has no deadline.
	// Default 10s.
	DefaultTimeout time.Duration
	// DeadlineMargin is subtracted from the remaining time before it is sent
	// to the server, to account for network latency. Default 5ms.
	DeadlineMargin time.Duration
	// HedgeDelay, if positive, sends a second copy of an idempotent call
	// when the first has not answered within the delay.
	HedgeDelay time.Duration
	// Idempotent reports whether method may be hedged. Nil means none.
	Idempotent func(method string) bool
	// Clock defaults to the system clock.
	Clock Clock
}

// Client issues RPCs over a Transport. It is safe for concurrent use.
type Client struct {
	transport Transport
	opts      Options
}

// New returns a Client using t.
func New(t Transport, opts Options) *Client {
	if opts.Codec == nil {
		opts.Codec = JSONCodec{}
	}
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = 3
	}
	if opts.BaseBackoff <= 0 {
		opts.BaseBackoff = 25 * time.Millisecond
	}
	if opts.MaxBackoff <= 0 {
		opts.MaxBackoff = time.Second
	}
	if opts.DefaultTimeout <= 0 {
		opts.DefaultTimeout = 10 * time.Second
	}
	if opts.DeadlineMargin <= 0 {
		opts.DeadlineMargin = 5 * time.Millisecond
	}
	if opts.Clock == nil {
		opts.Clock = systemClock{}
	}
	return &Client{transport: t, opts: opts}
}

// Call invokes method with args and decodes the reply into reply. Transient
// failures are retried while the caller's deadline allows.
func (c *Client) Call(ctx context.Context, method string, args, reply interface{}) error {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.opts.DefaultTimeout)
		defer cancel()
	}

	var lastErr error
	for attempt := 1; attempt <= c.opts.MaxAttempts; attempt++ {
		if attempt > 1 {
			if err := c.backoff(ctx, attempt); err != nil {
				return fmt.Errorf("rpc %s: giving up after %d attempts: %w (last error: %v)", method, attempt-1, err, lastErr)
			}
		}
		body, err := c.hedged(ctx, method, args, attempt)
		if err == nil {
			if err := c.opts.Codec.Decode(bytes.NewReader(body), reply); err != nil {
				return fmt.Errorf("rpc %s: reply: %w", method, err)
			}
			return nil
		}
		lastErr = err
		if !retryable(err) || ctx.Err() != nil {
			break
		}
	}
	return fmt.Errorf("rpc %s: %w", method, lastErr)
}

// backoff waits before the given attempt. It fails early if the wait would
// outlast the caller's deadline.
func (c *Client) backoff(ctx context.Context, attempt int) error {
	d := c.opts.BaseBackoff << uint(attempt-2)
	if d > c.opts.MaxBackoff || d <= 0 {
		d = c.opts.MaxBackoff
	}
	if deadline, ok := ctx.Deadline(); ok && c.opts.Clock.Now().Add(d).After(deadline) {
		return ErrDeadlineExceeded
	}
	select {
	case <-c.opts.Clock.After(d):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// hedged runs one attempt, sending a second copy of idempotent calls when
// the first is slow. The first success wins and the other copy is canceled.
func (c *Client) hedged(ctx context.Context, method string, args interface{}, attempt int) ([]byte, error) {
	if c.opts.HedgeDelay <= 0 || c.opts.Idempotent == nil || !c.opts.Idempotent(method) {
		return c.send(ctx, method, args, attempt, false)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	type result struct {
		body []byte
		err  error
	}
	results := make(chan result, 2)
	launch := func(hedge bool) {
		go func() {
			body, err := c.send(ctx, method, args, attempt, hedge)
			results <- result{body, err}
		}()
	}

	launch(false)
	inflight := 1
	hedge := c.opts.Clock.After(c.opts.HedgeDelay)
	var firstErr error
	for inflight > 0 {
		select {
		case <-hedge:
			hedge = nil
			launch(true)
			inflight++
		case r := <-results:
			inflight--
			if r.err == nil {
				return r.body, nil
			}
			if firstErr == nil {
				firstErr = r.err
			}
		}
	}
	return nil, firstErr
}

// send performs a single request and returns the raw reply body. The
// arguments are encoded straight into the request stream so that large
// payloads are never buffered in full.
func (c *Client) send(ctx context.Context, method string, args interface{}, attempt int, hedge bool) ([]byte, error) {
	deadline, _ := ctx.Deadline()
	remaining := deadline.Sub(c.opts.Clock.Now()) - c.opts.DeadlineMargin
	if remaining <= 0 {
		return nil, fmt.Errorf("attempt %d: %w", attempt, ErrDeadlineExceeded)
	}

	pr, pw := io.Pipe()
	defer pr.Close()
	go func() {
		err := c.opts.Codec.Encode(pw, args)
		pw.CloseWithError(err)
	}()

	req := &Request{
		Method: method,
		Header: map[string]string{
			HeaderContentType: c.opts.Codec.ContentType(),
			HeaderTimeout:     formatTimeout(remaining),
			HeaderAttempt:     strconv.Itoa(attempt),
		},
		Body: pr,
	}
	if hedge {
		req.Header[HeaderHedged] = "1"
	}

	resp, err := c.transport.RoundTrip(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("attempt %d: %w", attempt, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("attempt %d: read reply: %w", attempt, err)
	}
	if resp.Code != CodeOK {
		return nil, &StatusError{Method: method, Code: resp.Code, Message: string(bytes.TrimSpace(body))}
	}
	return body, nil
}
