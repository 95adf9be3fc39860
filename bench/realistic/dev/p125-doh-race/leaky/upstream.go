package doh

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

const (
	mediaType  = "application/dns-message"
	maxMsgSize = 65535
	headerLen  = 12
)

// errNotResponse is returned when an upstream sends back something that is
// not a DNS response.
var errNotResponse = errors.New("not a DNS response")

// UpstreamOption configures an Upstream.
type UpstreamOption func(*Upstream)

// WithHTTPClient sets the client used to reach the upstream.
func WithHTTPClient(c *http.Client) UpstreamOption {
	return func(u *Upstream) { u.client = c }
}

// Upstream is a single DoH server, addressed by its query URL.
type Upstream struct {
	name     string
	endpoint string
	client   *http.Client
}

// NewUpstream returns an upstream that POSTs queries to endpoint.
func NewUpstream(name, endpoint string, opts ...UpstreamOption) *Upstream {
	u := &Upstream{name: name, endpoint: endpoint, client: http.DefaultClient}
	for _, o := range opts {
		o(u)
	}
	return u
}

// race asks the upstream in the background after delay and reports the
// outcome on exactly one of answers or errs.
func (u *Upstream) race(ctx context.Context, query []byte, delay time.Duration, answers chan<- answer, errs chan<- error) {
	go func() {
		msg, err := u.hedged(ctx, query, delay)
		if err != nil {
			errs <- fmt.Errorf("upstream %s: %w", u.name, err) // leak: once another upstream has won, Resolve no longer receives from the unbuffered errs channel
			return
		}
		answers <- answer{msg: msg, from: u.name}
	}()
}

// hedged waits for delay, unless ctx ends first, and then exchanges query.
func (u *Upstream) hedged(ctx context.Context, query []byte, delay time.Duration) ([]byte, error) {
	if delay > 0 {
		t := time.NewTimer(delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return u.exchange(ctx, query)
}

// exchange performs one RFC 8484 POST request.
func (u *Upstream) exchange(ctx context.Context, query []byte) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.endpoint, bytes.NewReader(query))
	if err != nil {
		return nil, fmt.Errorf("build request: %w", err)
	}
	req.Header.Set("Content-Type", mediaType)
	req.Header.Set("Accept", mediaType)

	resp, err := u.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("status %s", resp.Status)
	}
	msg, err := io.ReadAll(io.LimitReader(resp.Body, maxMsgSize+1))
	if err != nil {
		return nil, fmt.Errorf("read body: %w", err)
	}
	if len(msg) < headerLen || len(msg) > maxMsgSize || msg[2]&0x80 == 0 {
		return nil, errNotResponse
	}
	return msg, nil
}
