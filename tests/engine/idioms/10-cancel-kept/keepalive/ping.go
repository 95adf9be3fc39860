package keepalive

import "context"

func (c *Client) keepAlive(ctx context.Context) {
	for {
		select { // want "blocks forever"
		case <-c.pings:
			// a real client would write a PINGREQ packet here
		case <-ctx.Done():
			return
		}
	}
}

// Ping asks the keep-alive goroutine to ping now.
func (c *Client) Ping() {
	select {
	case c.pings <- struct{}{}:
	default:
	}
}

// Close marks the client closed.
func (c *Client) Close() {
	c.closed = true
}
