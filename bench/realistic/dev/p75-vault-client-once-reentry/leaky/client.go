package vault

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Transport performs raw HTTP-like requests against the secrets server.
type Transport interface {
	Do(ctx context.Context, method, path, token string, body []byte) (status int, resp []byte, err error)
}

// Credentials authenticate the client (AppRole style).
type Credentials struct {
	RoleID   string
	SecretID string
}

// Client reads secrets. It logs in lazily on first use.
type Client struct {
	tr      Transport
	creds   Credentials
	timeout time.Duration

	once     sync.Once
	token    string
	loginErr error

	mu    sync.Mutex
	cache map[string]map[string]string

	ctx    context.Context
	cancel context.CancelFunc
}

// Option configures a Client.
type Option func(*Client)

// WithTimeout bounds every request.
func WithTimeout(d time.Duration) Option { return func(c *Client) { c.timeout = d } }

// New returns a Client and starts logging in in the background so the first
// secret read does not pay for it.
func New(tr Transport, creds Credentials, opts ...Option) *Client {
	c := &Client{tr: tr, creds: creds, timeout: 5 * time.Second, cache: map[string]map[string]string{}}
	for _, o := range opts {
		o(c)
	}
	c.ctx, c.cancel = context.WithCancel(context.Background())
	go c.ensure()
	return c
}

// Close aborts background work.
func (c *Client) Close() { c.cancel() }

func (c *Client) ensure() error {
	c.once.Do(c.login) // leak: login's error path calls Get, which re-enters this Once and waits for itself forever
	return c.loginErr
}

// Get reads the secret at path.
func (c *Client) Get(ctx context.Context, path string) (map[string]string, error) {
	if err := c.ensure(); err != nil {
		return nil, err
	}
	c.mu.Lock()
	if s, ok := c.cache[path]; ok {
		c.mu.Unlock()
		return s, nil
	}
	c.mu.Unlock()

	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	status, body, err := c.tr.Do(ctx, "GET", "/v1/"+path, c.token, nil)
	if err != nil {
		return nil, err
	}
	if status != 200 {
		return nil, fmt.Errorf("vault: GET %s: status %d", path, status)
	}
	var out struct {
		Data map[string]string `json:"data"`
	}
	if err := json.Unmarshal(body, &out); err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.cache[path] = out.Data
	c.mu.Unlock()
	return out.Data, nil
}

// ErrSealed is reported when the server is sealed.
var ErrSealed = errors.New("vault: server is sealed")
