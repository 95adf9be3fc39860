package differentonce

import "sync"

// Client logs in once and fetches its signing key once: two Onces.
type Client struct {
	once    sync.Once
	keyOnce sync.Once
	parent  *Client
	token   string
	key     string
}

func (c *Client) ensure() string {
	c.once.Do(c.login)
	return c.token
}

func (c *Client) signingKey() string {
	c.keyOnce.Do(func() { c.key = "k" })
	return c.key
}

func (c *Client) login() {
	// Another Once of the same client: it does not wait for this one.
	c.token = c.signingKey() + "-token"
	if c.parent != nil {
		// The same Once, but of another client.
		c.token += c.parent.ensure()
	}
}
