// Package ingest sends analytics events to an ingestion API. Batches are
// streamed as gzipped NDJSON straight into the request body, so a large batch
// is never held in memory twice.
package ingest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// Event is one analytics event.
type Event struct {
	Name       string            `json:"name"`
	UserID     string            `json:"user_id,omitempty"`
	Time       time.Time         `json:"time"`
	Properties map[string]string `json:"properties,omitempty"`
}

// APIError is a non-2xx answer.
type APIError struct {
	Status int
	Body   string
}

func (e *APIError) Error() string {
	return fmt.Sprintf("ingest: server answered %d: %s", e.Status, e.Body)
}

// Client talks to one ingestion endpoint.
type Client struct {
	baseURL string
	token   string
	hc      *http.Client
	gzip    bool
}

// Option configures a Client.
type Option func(*Client)

// WithHTTPClient replaces http.DefaultClient.
func WithHTTPClient(hc *http.Client) Option { return func(c *Client) { c.hc = hc } }

// WithoutCompression sends plain NDJSON.
func WithoutCompression() Option { return func(c *Client) { c.gzip = false } }

// NewClient makes a client for baseURL, authenticating with token.
func NewClient(baseURL, token string, opts ...Option) *Client {
	c := &Client{baseURL: strings.TrimRight(baseURL, "/"), token: token, hc: http.DefaultClient, gzip: true}
	for _, o := range opts {
		o(c)
	}
	return c
}

// SendBatch posts events to a stream.
func (c *Client) SendBatch(ctx context.Context, stream string, events []Event) error {
	if len(events) == 0 {
		return nil
	}
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(encodeBatch(pw, events, c.gzip))
	}()

	url := c.baseURL + "/v1/streams/" + stream + "/events"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, pr)
	if err != nil {
		pr.CloseWithError(err) // stops the encoder
		return fmt.Errorf("ingest: stream %q: %w", stream, err)
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/x-ndjson")
	if c.gzip {
		req.Header.Set("Content-Encoding", "gzip")
	}

	resp, err := c.hc.Do(req)
	if err != nil {
		return fmt.Errorf("ingest: stream %q: %w", stream, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return &APIError{Status: resp.StatusCode, Body: strings.TrimSpace(string(body))}
	}
	_, err = io.Copy(io.Discard, resp.Body)
	return err
}
