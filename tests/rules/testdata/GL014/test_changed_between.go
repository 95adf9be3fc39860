// dial makes the error channel only when there is a timeout, then gives a retried
// dial a default timeout after the fact: with no timeout at first, the goroutine
// sends on a channel that was never made.
package testchangedbetween

import (
	"errors"
	"time"
)

type conn struct{}

func (c *conn) Handshake() error { return nil }

var errTimeout = errors.New("handshake timed out")

func dial(timeout, deadline time.Duration) error {
	if deadline > 0 && (timeout == 0 || deadline < timeout) {
		timeout = deadline
	}
	var errChannel chan error
	if timeout != 0 {
		errChannel = make(chan error, 2)
		time.AfterFunc(timeout, func() {
			errChannel <- errTimeout
		})
	}
	if timeout == 0 && deadline < 0 {
		timeout = time.Second
	}
	c := &conn{}
	var err error
	if timeout == 0 {
		err = c.Handshake()
	} else {
		go func() {
			errChannel <- c.Handshake() // want "when `errChannel` is nil"
		}()
		err = <-errChannel
	}
	return err
}
