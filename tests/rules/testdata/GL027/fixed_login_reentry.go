package fixedloginreentry

import (
	"errors"
	"sync"
	"time"
)

// Client logs in lazily, once, before its first read.
type Client struct {
	once      sync.Once
	token     string
	loginErr  error
	badSecret bool
	cache     map[string]string
}

func (c *Client) ensure() error {
	c.once.Do(c.login)
	return c.loginErr
}

// Get reads one secret.
func (c *Client) Get(path string) (string, error) {
	if err := c.ensure(); err != nil {
		return "", err
	}
	return c.read(path)
}

// read asks the server without logging in first.
func (c *Client) read(path string) (string, error) {
	return c.cache[path], nil
}

func (c *Client) login() {
	if !c.badSecret {
		c.token = "t-" + time.Now().Format("150405")
		c.cache = map[string]string{}
		return
	}
	if sealed, err := c.read("sys/sealed"); err == nil && sealed == "true" {
		c.loginErr = errors.New("server sealed")
		return
	}
	c.loginErr = errors.New("bad credentials")
}
