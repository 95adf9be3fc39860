package fixedsplitlogin

func (c *Client) login() {
	c.tries++
	c.refresh()
}

// refresh renews the token the client holds, without going through the Once.
func (c *Client) refresh() {
	c.token = c.token + "+"
}
