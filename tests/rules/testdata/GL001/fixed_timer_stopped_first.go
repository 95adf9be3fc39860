package dialer

import (
	"errors"
	"net"
	"time"
)

// Dial retries until it connects or the timeout fires. The dialer hands over its
// connection only if it stopped the timer first: then the timeout case can never win
// and Dial is still waiting for it.
func Dial(addr string, timeout time.Duration) (net.Conn, error) {
	t := time.NewTimer(timeout)
	quit := make(chan struct{}, 1)
	conns := make(chan net.Conn)
	go func() {
		for {
			select {
			case <-quit:
				return
			default:
			}
			c, err := net.Dial("tcp", addr)
			if err != nil {
				time.Sleep(10 * time.Millisecond)
				continue
			}
			if t.Stop() {
				conns <- c
				return
			}
			c.Close()
			return
		}
	}()
	select {
	case c := <-conns:
		return c, nil
	case <-t.C:
		quit <- struct{}{}
		return nil, errors.New("dial timeout")
	}
}
