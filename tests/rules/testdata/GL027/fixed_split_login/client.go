package fixedsplitlogin

import "sync"

// Client authenticates once; its login lives in login.go.
type Client struct {
	once  sync.Once
	token string
	tries int
}

// Token returns the session token, logging in first if needed.
func (c *Client) Token() string {
	c.once.Do(c.login)
	return c.token
}
