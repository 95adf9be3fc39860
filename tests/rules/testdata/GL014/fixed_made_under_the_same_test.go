// dial makes the error channel only when there is a timeout, and hands the handshake
// to a goroutine only under the same test (`timeout == 0` read as its negation): the
// goroutine never finds the channel nil (MADE_UNDER_THE_SAME_TEST).
package madeunderthesametest

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
	c := &conn{}
	var err error
	if timeout == 0 {
		err = c.Handshake()
	} else {
		go func() {
			errChannel <- c.Handshake()
		}()
		err = <-errChannel
	}
	return err
}
