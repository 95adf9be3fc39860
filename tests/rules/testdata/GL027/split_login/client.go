package splitlogin

import "sync"

// run: c := &Client{}; go func() { _ = c.Token() }()

// Client authenticates once; its login lives in login.go.
type Client struct {
	once  sync.Once
	token string
	tries int
}

// Token returns the session token, logging in first if needed.
func (c *Client) Token() string {
	c.once.Do(c.login) // want "`c.once.Do` is entered again from inside `c.login` \\(through `c.refresh`, then `c.Token`\\)"
	return c.token
}
