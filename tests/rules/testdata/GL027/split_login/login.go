package splitlogin

func (c *Client) login() {
	c.tries++
	c.refresh()
}

// refresh renews the token the client already holds.
func (c *Client) refresh() {
	old := c.Token()
	c.token = old + "+"
}
