package loginreentry

import (
	"errors"
	"sync"
	"time"
)

// run: c := &Client{badSecret: true}; go func() { _, _ = c.Get("db/password") }()

// Client logs in lazily, once, before its first read.
type Client struct {
	once      sync.Once
	token     string
	loginErr  error
	badSecret bool
	cache     map[string]string
}

func (c *Client) ensure() error {
	c.once.Do(c.login) // want "`c.once.Do` is entered again from inside `c.login` \\(through `c.Get`, then `c.ensure`\\), which this `Do` is still running"
	return c.loginErr
}

// Get reads one secret.
func (c *Client) Get(path string) (string, error) {
	if err := c.ensure(); err != nil {
		return "", err
	}
	return c.cache[path], nil
}

func (c *Client) login() {
	if !c.badSecret {
		c.token = "t-" + time.Now().Format("150405")
		c.cache = map[string]string{}
		return
	}
	// Tell a sealed server apart from bad credentials: Get goes through the Once again.
	if sealed, err := c.Get("sys/sealed"); err == nil && sealed == "true" {
		c.loginErr = errors.New("server sealed")
		return
	}
	c.loginErr = errors.New("bad credentials")
}
